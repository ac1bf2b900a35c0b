package dev.courier.gateway.websocket;

import org.apache.tomcat.util.net.SocketWrapperBase;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads, for a test, the buffers Tomcat keeps for one open socket. They are Tomcat's private fields (11.x): a Tomcat
 * upgrade that renames them fails the test here, on purpose, rather than let the buffers grow back unseen.
 */
public final class TomcatSocketBuffers {

    /** The size of every per-connection buffer the gateway configures (its {@code SocketBuffers}). */
    public static final int SIZE = SocketBuffers.SIZE;

    private TomcatSocketBuffers() {
    }

    /** Tomcat's session behind one of the gateway's sockets. */
    public static jakarta.websocket.Session tomcatSession(ClientSocket socket) {
        var spring = WebSocketSessionDecorator.unwrap(socket.session());
        return ((NativeWebSocketSession) spring).getNativeSession(jakarta.websocket.Session.class);
    }

    /** Capacities in bytes of the socket's NIO read and write buffers and its WebSocket output and encoder buffers. */
    public static List<Integer> capacities(jakarta.websocket.Session session) {
        Object remote = field(session, "wsRemoteEndpoint");
        SocketWrapperBase<?> wrapper = (SocketWrapperBase<?>) field(remote, "socketWrapper");
        return List.of(wrapper.getSocketBufferHandler().getReadBuffer().capacity(),
                wrapper.getSocketBufferHandler().getWriteBuffer().capacity(),
                ((ByteBuffer) field(remote, "outputBuffer")).capacity(),
                ((ByteBuffer) field(remote, "encoderBuffer")).capacity());
    }

    private static Object field(Object target, String name) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // declared further up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(target.getClass() + " has no field " + name);
    }
}

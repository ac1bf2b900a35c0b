package dev.courier.gateway.websocket;

import org.springframework.web.socket.CloseStatus;

/**
 * What the socket plumbing reports to the rest of the gateway. Called on the socket's own thread, in order:
 * {@link #opened} once, then {@link #frameReceived} per text frame, then {@link #closed} once.
 */
public interface SocketEvents {

    /**
     * A socket was authenticated and opened. Its frames are read only after this returns, so an implementation
     * that blocks until the opening is durable orders it before the socket's first frame. Throwing closes the
     * socket with 1011.
     */
    void opened(ClientSocket socket);

    /** A text frame, as the client sent it, that the gateway did not answer itself. */
    void frameReceived(ClientSocket socket, String text);

    /** The socket closed, for whatever reason; it is no longer in the {@link ConnectionRegistry}. */
    void closed(ClientSocket socket, CloseStatus status);

    /** Blocks until everything reported so far has been sent (or has failed). Used when the gateway drains. */
    default void flush() {
    }
}

package dev.courier.gateway.websocket;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

import java.nio.ByteBuffer;

/**
 * Lets the servlet container hand over a message in parts, and gives the handler behind it whole messages only,
 * up to {@code maxMessageSize} (a larger one closes the socket with 1009, as the protocol says).
 * <p>
 * Why: Tomcat allocates its message buffers for every socket up front, as large as the largest message allowed.
 * At the protocol's 64 KiB that is about 192 KiB of heap per idle connection; with parts, the per-socket buffers
 * can be small ({@link WebSocketConfig}) and only a socket that is sending a large message holds a large buffer,
 * for as long as it sends it. Most frames are far below the container's buffer and pass through untouched.
 */
final class WholeMessages extends WebSocketHandlerDecorator {

    private static final String PARTS_ATTRIBUTE = WholeMessages.class.getName() + ".parts";

    private final int maxMessageSize;

    WholeMessages(WebSocketHandler delegate, int maxMessageSize) {
        super(delegate);
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        Parts parts = (Parts) session.getAttributes().get(PARTS_ATTRIBUTE);
        if (parts == null && message.isLast()) {
            super.handleMessage(session, message);
            return;
        }
        if (!(message instanceof TextMessage) && !(message instanceof BinaryMessage)) {
            super.handleMessage(session, message);
            return;
        }
        if (parts == null) {
            parts = new Parts();
            session.getAttributes().put(PARTS_ATTRIBUTE, parts);
        }
        if (!parts.add(message, maxMessageSize)) {
            session.getAttributes().remove(PARTS_ATTRIBUTE);
            session.close(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        if (message.isLast()) {
            session.getAttributes().remove(PARTS_ATTRIBUTE);
            super.handleMessage(session, parts.whole(message));
        }
    }

    /** The parts of one message so far: text kept, binary only counted (the handler refuses binary frames). */
    private static final class Parts {

        private final StringBuilder text = new StringBuilder();
        private int binaryBytes;

        /** False once the message is larger than allowed. */
        boolean add(WebSocketMessage<?> part, int limit) {
            if (part instanceof TextMessage textPart) {
                text.append(textPart.getPayload());
                return text.length() <= limit;
            }
            binaryBytes += part.getPayloadLength();
            return binaryBytes <= limit;
        }

        WebSocketMessage<?> whole(WebSocketMessage<?> last) {
            return last instanceof TextMessage ? new TextMessage(text.toString())
                    : new BinaryMessage(ByteBuffer.allocate(binaryBytes));
        }
    }
}

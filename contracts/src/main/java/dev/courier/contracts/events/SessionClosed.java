package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A socket closed, for whatever reason. Topic {@link Topics#SESSIONS}, keyed by user id. {@code at} is when the
 * session ended as far as the gateway knows (for a socket that went silent, when it was last heard);
 * {@code reason} starts with the WebSocket close code ({@code "1000"}, {@code "1006 …"}) or names what the gateway
 * saw ({@code "heartbeat-timeout"}).
 */
public record SessionClosed(UUID eventId, Instant at, DeviceSession session, String reason) implements CourierEvent {

    /**
     * True when the client closed the socket itself with 1000 (normal) or 1001 (going away): the person left, so
     * no quick reconnect is to be waited for. A dropped connection (1006) or a silent one is not deliberate.
     */
    public boolean closedByClient() {
        return reason != null && (reason.equals("1000") || reason.startsWith("1000 ")
                || reason.equals("1001") || reason.startsWith("1001 "));
    }
}

package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Wire text for one socket of the gateway whose topic this is ({@link Topics#gatewayOutbound(String)}).
 * {@code ackableMessageId} is set for a {@code message} frame: the gateway keeps it in the socket's in-flight
 * store until the client acknowledges that id with a {@code delivered} or {@code read} receipt.
 */
public record FrameOutbound(UUID eventId, Instant at, DeviceSession target, String text, String ackableMessageId)
        implements CourierEvent {
}

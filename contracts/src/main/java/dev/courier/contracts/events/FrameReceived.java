package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A text frame as a gateway read it from an authenticated socket, not yet parsed. Topic
 * {@link Topics#FRAMES_INBOUND}, keyed by user id so one user's frames stay in order.
 */
public record FrameReceived(UUID eventId, Instant at, DeviceSession session, String text) implements CourierEvent {
}

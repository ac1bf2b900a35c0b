package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A socket closed, for whatever reason. Topic {@link Topics#SESSIONS}, keyed by user id. */
public record SessionClosed(UUID eventId, Instant at, DeviceSession session, String reason) implements CourierEvent {
}

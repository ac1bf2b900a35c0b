package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A {@code presence foreground|background} frame (last-seen-service consumes it). Topic {@link Topics#COMMANDS}. */
public record PresenceChangeRequested(UUID eventId, Instant at, DeviceSession session, String state)
        implements CourierEvent {
}

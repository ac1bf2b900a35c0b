package dev.courier.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A {@code subscribe_presence} frame (last-seen-service consumes it). Topic {@link Topics#COMMANDS}. */
public record PresenceSubscriptionRequested(UUID eventId, Instant at, DeviceSession session, List<String> users)
        implements CourierEvent {
}

package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code userId} joined the group (added by an admin, {@code addedBy}); it receives only messages sent from now on.
 * Topic {@link Topics#GROUPS}, keyed by group id.
 */
public record MemberAdded(UUID eventId, Instant at, String groupId, String userId, String addedBy)
        implements CourierEvent {
}

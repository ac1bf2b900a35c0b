package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code userId} left the group ({@code removedBy} is an admin, or the user itself when it left); nothing sent
 * after this reaches it. Topic {@link Topics#GROUPS}, keyed by group id.
 */
public record MemberRemoved(UUID eventId, Instant at, String groupId, String userId, String removedBy)
        implements CourierEvent {
}

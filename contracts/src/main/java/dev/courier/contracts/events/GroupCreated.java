package dev.courier.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A group was created by {@code createdBy} (its first admin) with these members, creator included. Topic
 * {@link Topics#GROUPS}, keyed by group id so a group's membership changes stay in order.
 */
public record GroupCreated(UUID eventId, Instant at, String groupId, String name, String createdBy,
                           List<String> members) implements CourierEvent {
}

package dev.courier.contracts.api;

import java.util.List;

/**
 * group-service's internal answer to {@code GET /internal/groups/{groupId}/members} (session-service asks the
 * instance that owns the group on the consistent-hash ring). {@code servedBy} names the instance that answered.
 */
public record GroupMembers(String groupId, List<String> members, String servedBy) {
}

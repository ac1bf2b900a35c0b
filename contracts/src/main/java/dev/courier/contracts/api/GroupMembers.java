package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * group-service's internal answer to {@code GET /internal/groups/{groupId}/members} (session-service and
 * message-service ask the instance that owns the group on the consistent-hash ring). {@code servedBy} names the
 * instance that answered; {@code admins} are the members with the admin role (empty, never null, when an older
 * group-service did not say).
 */
public record GroupMembers(String groupId, List<String> members, String servedBy, List<String> admins) {

    @JsonCreator
    public GroupMembers {
        admins = admins == null ? List.of() : admins;
    }

    /** Without roles: nobody is known to be an admin. */
    public GroupMembers(String groupId, List<String> members, String servedBy) {
        this(groupId, members, servedBy, List.of());
    }

    public boolean isMember(String userId) {
        return members != null && members.contains(userId);
    }

    public boolean isAdmin(String userId) {
        return admins.contains(userId);
    }
}

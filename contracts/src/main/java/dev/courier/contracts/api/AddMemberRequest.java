package dev.courier.contracts.api;

/** {@code POST /api/groups/{groupId}/members}: admins only. */
public record AddMemberRequest(String userId) {
}

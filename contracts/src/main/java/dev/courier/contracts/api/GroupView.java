package dev.courier.contracts.api;

import java.util.List;

/** A group as its members see it: {@code 201} of create, {@code GET /api/groups/{groupId}}. */
public record GroupView(String groupId, String name, List<Member> members) {

    /** A member and its role: {@code admin} or {@code member}. */
    public record Member(String userId, String role) {

        public static final String ADMIN = "admin";
        public static final String MEMBER = "member";
    }
}

package dev.courier.contracts.api;

import java.util.List;

/** {@code GET /api/me/blocked}: the ids of the users the caller blocks, oldest block first. */
public record BlockedUsers(List<String> users) {

    public BlockedUsers {
        users = users == null ? List.of() : List.copyOf(users);
    }
}

package dev.courier.contracts.api;

import java.util.List;

/** {@code GET /api/groups}: the caller's groups. */
public record GroupList(List<GroupView> groups) {
}

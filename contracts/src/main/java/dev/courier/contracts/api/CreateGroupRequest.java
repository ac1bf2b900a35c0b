package dev.courier.contracts.api;

import java.util.List;

/** {@code POST /api/groups}: the caller creates the group and becomes its admin; {@code members} are added too. */
public record CreateGroupRequest(String name, List<String> members) {
}

package dev.courier.support.api;

import dev.courier.contracts.api.GroupMembers;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.util.UriBuilderFactory;

import java.util.Optional;

/**
 * group-service's member lookup. There is no single base URL: {@code GroupDirectory} names the instance to ask on
 * each call (the owner of the group id on its consistent-hash ring, then the next ones).
 */
public interface GroupMembersApi {

    String SERVICE = "group-service";

    /** The group's members and admins, from {@code instance}; empty when the group does not exist. */
    @GetExchange("/internal/groups/{groupId}/members")
    Optional<GroupMembers> members(UriBuilderFactory instance, @PathVariable String groupId);
}

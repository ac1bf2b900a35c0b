package dev.courier.group.lookup;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.group.GroupProperties;
import dev.courier.group.membership.Groups;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * session-service's and message-service's member lookup ({@code GroupMembersApi}), with the admins
 * ({@code /internal/**}: the service token only, never routed by the gateway). The answer names the instance that
 * served it, in the body and in {@value #SERVED_BY}, to show the ring spreading the groups.
 */
@RestController
class MemberLookupController {

    static final String SERVED_BY = "X-Courier-Served-By";

    private final MemberCache cache;
    private final String instanceId;

    MemberLookupController(MemberCache cache, GroupProperties properties) {
        this.cache = cache;
        this.instanceId = properties.instanceId();
    }

    @GetMapping("/internal/groups/{groupId}/members")
    ResponseEntity<GroupMembers> members(@PathVariable String groupId) {
        UUID id = Groups.parse(groupId);
        return cache.members(id)
                .map(roster -> ResponseEntity.ok().header(SERVED_BY, instanceId)
                        .body(new GroupMembers(id.toString(), roster.members(), instanceId, roster.admins())))
                .orElseThrow(Groups::noSuchGroup);
    }
}

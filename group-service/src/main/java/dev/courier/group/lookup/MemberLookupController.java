package dev.courier.group.lookup;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.group.GroupProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.UUID;

/**
 * session-service's and message-service's member lookup, with the admins ({@code /internal/**}: no token, never routed by the gateway). The answer names
 * the instance that served it, in the body and in {@value #SERVED_BY}, to show the ring spreading the groups.
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
        UUID id = parse(groupId);
        return cache.members(id)
                .map(roster -> ResponseEntity.ok().header(SERVED_BY, instanceId)
                        .body(new GroupMembers(id.toString(), roster.members(), instanceId, roster.admins())))
                .orElseThrow(MemberLookupController::noSuchGroup);
    }

    private static UUID parse(String groupId) {
        try {
            return UUID.fromString(groupId);
        } catch (IllegalArgumentException e) {
            throw noSuchGroup();
        }
    }

    private static ResponseStatusException noSuchGroup() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such group");
    }
}

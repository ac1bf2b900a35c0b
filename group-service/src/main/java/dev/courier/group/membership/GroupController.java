package dev.courier.group.membership;

import dev.courier.contracts.api.AddMemberRequest;
import dev.courier.contracts.api.CreateGroupRequest;
import dev.courier.contracts.api.GroupList;
import dev.courier.contracts.api.GroupView;
import dev.courier.support.security.AuthenticatedUser;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * The group calls of PROTOCOL.md. Errors: 400 bad input or a full group, 403 not a member / not an admin, 404 no
 * such group, user or membership, 503 when auth-service cannot check users.
 */
@RestController
class GroupController {

    private final Groups groups;

    GroupController(Groups groups) {
        this.groups = groups;
    }

    @InitBinder
    void validators(WebDataBinder binder) {
        binder.addValidators(new GroupRequestsValidator());
    }

    @PostMapping("/api/groups")
    ResponseEntity<GroupView> create(@Valid @RequestBody CreateGroupRequest request, Authentication authentication) {
        List<String> members = request.members() == null ? List.of() : request.members();
        GroupView group = groups.create(caller(authentication), request.name(), members);
        return ResponseEntity.created(URI.create("/api/groups/" + group.groupId())).body(group);
    }

    @GetMapping("/api/groups/{groupId}")
    GroupView get(@PathVariable String groupId, Authentication authentication) {
        return groups.view(groupId, caller(authentication));
    }

    @GetMapping("/api/groups")
    GroupList mine(Authentication authentication) {
        return groups.mine(caller(authentication));
    }

    @PostMapping("/api/groups/{groupId}/members")
    GroupView addMember(@PathVariable String groupId, @Valid @RequestBody AddMemberRequest request,
                        Authentication authentication) {
        return groups.addMember(groupId, caller(authentication), request.userId());
    }

    @DeleteMapping("/api/groups/{groupId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(@PathVariable String groupId, @PathVariable String userId, Authentication authentication) {
        groups.removeMember(groupId, caller(authentication), userId);
    }

    private static String caller(Authentication authentication) {
        return AuthenticatedUser.from(authentication).userId();
    }
}

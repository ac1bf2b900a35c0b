package dev.courier.lastseen.blocking;

import dev.courier.contracts.api.BlockedUsers;
import dev.courier.support.api.UsersApi;
import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * PROTOCOL.md v1.1 "Blocking": {@code PUT /api/me/blocked/{userId}} → 204 (again: 204, nothing new), 404 for a user
 * auth-service does not know (or a deactivated one), 400 for the caller itself; {@code DELETE} → 204, also when there
 * was no block; {@code GET /api/me/blocked} → {@code {"users":[…]}}. The caller is the token's user.
 */
@RestController
@ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)
class BlockingController {

    private static final Logger log = LoggerFactory.getLogger(BlockingController.class);

    private final Blocking blocking;
    private final BlockList list;
    private final UsersApi users;

    BlockingController(Blocking blocking, BlockList list, UsersApi users) {
        this.blocking = blocking;
        this.list = list;
        this.users = users;
    }

    @PutMapping("/api/me/blocked/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(@PathVariable String userId, Authentication authentication) {
        String caller = AuthenticatedUser.from(authentication).userId();
        if (caller.equals(userId)) {
            throw new IllegalArgumentException("You cannot block yourself");
        }
        if (users.user(userId).filter(user -> !Boolean.FALSE.equals(user.active())).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user: " + userId);
        }
        blocking.block(caller, userId);
        log.info("user {} blocks {}", caller, userId);
    }

    @DeleteMapping("/api/me/blocked/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(@PathVariable String userId, Authentication authentication) {
        String caller = AuthenticatedUser.from(authentication).userId();
        blocking.unblock(caller, userId);
        log.info("user {} unblocks {}", caller, userId);
    }

    @GetMapping("/api/me/blocked")
    BlockedUsers blocked(Authentication authentication) {
        return new BlockedUsers(list.blockedBy(AuthenticatedUser.from(authentication).userId()));
    }
}

package dev.courier.message.disappearing;

import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/conversations/{conversationId}/disappearing {"seconds":…}}: 204 once the timer is set (and
 * announced). 400 for a value that is not offered or a bad body, 404 for an unknown conversation, 403 for a
 * non-participant (in a group: a non-admin), 503 when group membership cannot be checked. ProblemDetail errors.
 */
@RestController
class DisappearingController {

    private final DisappearingTimers timers;

    DisappearingController(DisappearingTimers timers) {
        this.timers = timers;
    }

    @PutMapping("/api/conversations/{conversationId}/disappearing")
    ResponseEntity<Void> set(@PathVariable String conversationId, @RequestBody DisappearingRequest request,
                             Authentication authentication) {
        timers.set(conversationId, AuthenticatedUser.from(authentication).userId(), request.seconds());
        return ResponseEntity.noContent().build();
    }

    /** @param seconds 0 (off), 86400, 604800 or 7776000 */
    record DisappearingRequest(Long seconds) {
    }
}

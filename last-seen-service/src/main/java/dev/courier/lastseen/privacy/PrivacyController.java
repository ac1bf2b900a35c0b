package dev.courier.lastseen.privacy;

import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/me/privacy} {@code {"lastSeen":"everyone"|"contacts"|"nobody"}} → 204. Any other value, a missing
 * one or a body that is not JSON → 400 ProblemDetail.
 */
@RestController
class PrivacyController {

    private static final Logger log = LoggerFactory.getLogger(PrivacyController.class);

    private final PrivacySettings settings;

    PrivacyController(PrivacySettings settings) {
        this.settings = settings;
    }

    @PutMapping("/api/me/privacy")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void update(@RequestBody dev.courier.contracts.api.PrivacySettings request, Authentication authentication) {
        String userId = AuthenticatedUser.from(authentication).userId();
        LastSeenVisibility visibility = LastSeenVisibility.parse(request.lastSeen());
        settings.set(userId, visibility);
        log.info("user {} shows last seen to {}", userId, visibility.wire());
    }
}

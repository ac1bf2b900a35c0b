package dev.courier.lastseen.privacy;

import dev.courier.contracts.api.Visibility;
import dev.courier.support.security.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/me/privacy} {@code {"lastSeen":…, "profilePhoto":…, "about":…}}, each
 * {@code "everyone"|"contacts"|"nobody"} and each optional (absent or null: unchanged), at least one → 204. Any other
 * value, none of the three, or a body that is not JSON → 400 ProblemDetail, and nothing changes.
 * {@code GET /api/me/privacy} → the caller's three settings. {@code GET /internal/visibility/{ownerId}?viewer=}
 * (services only, never routed by the gateway) → what the viewer may see of the owner.
 */
@RestController
class PrivacyController {

    private static final Logger log = LoggerFactory.getLogger(PrivacyController.class);

    private final PrivacySettings settings;
    private final Visibilities visibilities;

    PrivacyController(PrivacySettings settings, Visibilities visibilities) {
        this.settings = settings;
        this.visibilities = visibilities;
    }

    @PutMapping("/api/me/privacy")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void update(@RequestBody dev.courier.contracts.api.PrivacySettings request, Authentication authentication) {
        String userId = AuthenticatedUser.from(authentication).userId();
        if (request.lastSeen() == null && request.profilePhoto() == null && request.about() == null) {
            throw new IllegalArgumentException("Give at least one of lastSeen, profilePhoto, about: "
                    + "everyone, contacts or nobody");
        }
        LastSeenVisibility lastSeen = parse("lastSeen", request.lastSeen());
        LastSeenVisibility photo = parse("profilePhoto", request.profilePhoto());
        LastSeenVisibility about = parse("about", request.about());
        settings.update(userId, lastSeen, photo, about);
        log.info("user {} privacy: last seen {}, profile photo {}, about {} (null: unchanged)", userId,
                wire(lastSeen), wire(photo), wire(about));
    }

    @GetMapping("/api/me/privacy")
    dev.courier.contracts.api.PrivacySettings current(Authentication authentication) {
        return visibilities.settingsOf(AuthenticatedUser.from(authentication).userId());
    }

    @GetMapping("/internal/visibility/{ownerId}")
    Visibility visibility(@PathVariable String ownerId, @RequestParam String viewer) {
        return visibilities.between(ownerId, viewer);
    }

    private static LastSeenVisibility parse(String field, String value) {
        return value == null ? null : LastSeenVisibility.parse(field, value);
    }

    private static String wire(LastSeenVisibility visibility) {
        return visibility == null ? null : visibility.wire();
    }
}

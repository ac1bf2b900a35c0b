package dev.courier.lastseen.watchers;

import dev.courier.contracts.api.PresenceView;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.presence.PresenceTracker;
import dev.courier.lastseen.privacy.PresenceViews;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/presence/{userId}} → {@code {userId, online, lastSeen}} as the caller may see it ({@code lastSeen}
 * epoch ms, or null when hidden or never seen); 404 ProblemDetail for a user auth-service does not know.
 */
@RestController
class PresenceController {

    private final UserDirectory directory;
    private final PresenceTracker tracker;
    private final PresenceViews views;

    PresenceController(UserDirectory directory, PresenceTracker tracker, PresenceViews views) {
        this.directory = directory;
        this.tracker = tracker;
        this.views = views;
    }

    @GetMapping("/api/presence/{userId}")
    PresenceView presence(@PathVariable String userId, Authentication authentication) {
        String viewer = AuthenticatedUser.from(authentication).userId();
        if (!viewer.equals(userId) && !directory.exists(userId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user: " + userId);
        }
        PresenceFrame seen = views.frameFor(viewer, tracker.current(userId));
        return new PresenceView(userId, seen.online(), seen.lastSeen());
    }
}

package dev.courier.message.timeline;

import dev.courier.contracts.api.MessageTimeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * The delivery timeline of one message, for operators answering "why did this message not arrive?". Admins only:
 * an access token with the {@code admin} scope (auth-service gives it to the phone numbers it is configured with).
 * A message id is the sender's client id; two senders could have used the same one, so {@code ?sender=} picks one
 * (409 when it is ambiguous without it).
 */
@RestController
class TimelineController {

    static final String ADMIN_AUTHORITY = "SCOPE_admin";
    private static final Logger log = LoggerFactory.getLogger(TimelineController.class);

    private final TimelineRepository timelines;

    TimelineController(TimelineRepository timelines) {
        this.timelines = timelines;
    }

    @GetMapping("/api/admin/messages/{messageId}/timeline")
    MessageTimeline timeline(@PathVariable String messageId, @RequestParam(required = false) String sender,
                             Authentication caller) {
        boolean admin = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(ADMIN_AUTHORITY::equals);
        if (!admin) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The delivery timeline is for admins");
        }
        List<Long> found = timelines.find(messageId, sender);
        if (found.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No stored message has this id");
        }
        if (found.size() > 1) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "Several senders used this message id: name one with ?sender=<userId>");
        }
        log.info("admin {} read the timeline of message {}", caller.getName(), messageId);
        return timelines.timeline(found.getFirst()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No stored message has this id"));
    }
}

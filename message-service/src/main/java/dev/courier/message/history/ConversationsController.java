package dev.courier.message.history;

import dev.courier.contracts.api.ConversationList;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/conversations}: the caller's chat list, newest activity first, so a client on a new device finds
 * the direct chats it had (their ids cannot be derived on the client side from the contract alone).
 */
@RestController
class ConversationsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final ConversationSummaries summaries;

    ConversationsController(ConversationSummaries summaries) {
        this.summaries = summaries;
    }

    @GetMapping("/api/conversations")
    ConversationList conversations(@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                   Authentication authentication) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return new ConversationList(summaries.of(AuthenticatedUser.from(authentication).userId(), limit));
    }
}

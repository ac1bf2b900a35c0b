package dev.courier.message.history;

import dev.courier.contracts.api.MessageHistory;
import dev.courier.message.store.Participants;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/conversations/{conversationId}/messages?beforeSeq=&limit=}: a conversation's messages, newest
 * first, in the shape of the {@code message} frame. Participants only (the sender or a recipient of one of its
 * messages); anyone else gets 403, also for a conversation that does not exist, so ids cannot be probed. In a
 * group a participant sees only the messages it sent or was sent. The caller's own messages carry {@code status}.
 */
@RestController
class HistoryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    private final Participants participants;
    private final HistoryRepository history;

    HistoryController(Participants participants, HistoryRepository history) {
        this.participants = participants;
        this.history = history;
    }

    @GetMapping("/api/conversations/{conversationId}/messages")
    MessageHistory messages(@PathVariable String conversationId,
                            @RequestParam(required = false) Long beforeSeq,
                            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                            Authentication authentication) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        String caller = AuthenticatedUser.from(authentication).userId();
        if (!participants.isParticipant(conversationId, caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not a participant of this conversation");
        }
        return new MessageHistory(history.newestFirst(conversationId, caller, beforeSeq, limit));
    }
}

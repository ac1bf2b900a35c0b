package dev.courier.message.info;

import dev.courier.contracts.api.MessageReceipts;
import dev.courier.message.store.Participants;
import dev.courier.support.security.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/conversations/{conversationId}/messages/{messageId}/receipts} (message info): when each recipient
 * got and read a message, for its sender only. Someone who is not a participant of the conversation gets 403
 * whatever the message id, as the history answers, so ids cannot be probed; a participant gets 404 for an id that
 * names no message of that conversation (unknown, disappeared, or a system message) and 403 for another's message.
 */
@RestController
class MessageInfoController {

    private final Participants participants;
    private final MessageInfoRepository messages;

    MessageInfoController(Participants participants, MessageInfoRepository messages) {
        this.participants = participants;
        this.messages = messages;
    }

    @GetMapping("/api/conversations/{conversationId}/messages/{messageId}/receipts")
    MessageReceipts receipts(@PathVariable String conversationId, @PathVariable String messageId,
                             Authentication authentication) {
        String caller = AuthenticatedUser.from(authentication).userId();
        if (!participants.isParticipant(conversationId, caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not a participant of this conversation");
        }
        MessageInfoRepository.Sent message = messages.find(conversationId, messageId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No message of this conversation has this id"));
        if (!message.senderId().equals(caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the sender of a message sees its receipts");
        }
        return new MessageReceipts(messages.receipts(message.id()));
    }
}

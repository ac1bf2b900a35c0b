package dev.courier.message.send;

import dev.courier.contracts.frames.ReplyTo;
import dev.courier.message.store.StoredMessage;

import java.time.Instant;
import java.util.Map;

/**
 * Which message a reply of the poll may quote (PROTOCOL.md v1.1, "Reply"), decided from what the poll's one lookup
 * ({@link MessageWriter}) found: a message of the reply's conversation that its sender sent or received, not deleted
 * for everyone, not a system message, not past its disappearing time; or one the same sender stores earlier in the
 * same poll (sent before its {@code sent} receipt came back).
 */
final class ReplyQuotes {

    private ReplyQuotes() {
    }

    /** A reply's question to the poll's lookup: may {@code replier} quote the message {@code quotedId}? */
    record Asked(String quotedId, String replier) {

        /** The question of this send, null when it is no reply. */
        static Asked of(MessageWriter.Send send) {
            return send.event().replyTo() == null ? null : new Asked(send.event().replyTo(), send.senderId());
        }
    }

    /** A quoted message as the lookup found it, and whether the replier sent or received it. */
    record Found(StoredMessage message, boolean seenByReplier) {
    }

    /**
     * The reply's quote with the preview of the quoted message's body, or null when it may not quote it.
     * {@code storedInPoll}: the sends of the poll stored before this one, by id.
     */
    static ReplyTo quoteOf(MessageWriter.Send reply, Found found, Map<String, MessageWriter.Send> storedInPoll,
                           Instant now) {
        String conversationId = reply.event().conversationId();
        if (found != null) {
            StoredMessage message = found.message();
            boolean visible = found.seenByReplier() && message.conversationId().equals(conversationId)
                    && message.body() != null && message.body().system() == null
                    && (message.expiresAt() == null || message.expiresAt().isAfter(now));
            return visible ? new ReplyTo(message.clientId(), message.senderId(), ReplyTo.previewOf(message.body()))
                    : null;
        }
        MessageWriter.Send earlierInPoll = storedInPoll.get(reply.event().replyTo());
        return earlierInPoll != null && earlierInPoll.senderId().equals(reply.senderId())
                && earlierInPoll.event().conversationId().equals(conversationId)
                ? new ReplyTo(earlierInPoll.clientId(), earlierInPoll.senderId(),
                        ReplyTo.previewOf(earlierInPoll.event().body()))
                : null;
    }
}

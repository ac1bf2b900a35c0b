package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message delivered to a recipient device, and the shape of each item of the history endpoint.
 * {@code id} is the sender's client-made id; clients drop duplicates by it (delivery is at least once).
 * {@code expiresAt} is absent unless the conversation's disappearing timer was on when it was sent; {@code replyTo}
 * unless it is a reply (PROTOCOL.md v1.1).
 */
public record MessageFrame(
        String id,
        String conversationId,
        String from,
        Recipient to,
        long seq,
        long sentAt,
        MessageBody body,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long expiresAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReplyTo replyTo) implements ServerFrame {

    /** Not a reply. */
    public MessageFrame(String id, String conversationId, String from, Recipient to, long seq, long sentAt,
                        MessageBody body, Long expiresAt) {
        this(id, conversationId, from, to, seq, sentAt, body, expiresAt, null);
    }
}

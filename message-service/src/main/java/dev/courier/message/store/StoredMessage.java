package dev.courier.message.store;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReplyTo;

import java.time.Instant;

/**
 * A message row. {@code id} is the database key; {@code clientId} is the id the sender's client made, the one
 * every frame about the message carries. {@code replyTo}: a reply's quote as it is now (null when no reply).
 */
public record StoredMessage(long id, String clientId, String senderId, String conversationId, long seq,
                            Recipient to, MessageBody body, Instant sentAt, Instant expiresAt, ReplyTo replyTo) {

    /** Not a reply. */
    public StoredMessage(long id, String clientId, String senderId, String conversationId, long seq, Recipient to,
                         MessageBody body, Instant sentAt, Instant expiresAt) {
        this(id, clientId, senderId, conversationId, seq, to, body, sentAt, expiresAt, null);
    }

    /** The {@code message} frame a recipient gets (and the last message of the chat list). */
    public MessageFrame toFrame() {
        return new MessageFrame(clientId, conversationId, senderId, to, seq, sentAt.toEpochMilli(), body,
                expiresAt == null ? null : expiresAt.toEpochMilli(), replyTo);
    }
}

package dev.courier.message.store;

import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;

import java.time.Instant;

/**
 * A message row. {@code id} is the database key; {@code clientId} is the id the sender's client made, the one
 * every frame about the message carries.
 */
public record StoredMessage(long id, String clientId, String senderId, String conversationId, long seq,
                            Recipient to, MessageBody body, Instant sentAt, Instant expiresAt) {

    /** The {@code message} frame a recipient gets (and the last message of the chat list). */
    public MessageFrame toFrame() {
        return new MessageFrame(clientId, conversationId, senderId, to, seq, sentAt.toEpochMilli(), body,
                expiresAt == null ? null : expiresAt.toEpochMilli());
    }

    /** The history item: the frame's fields and {@code status} (null on what the caller did not send). */
    public MessageHistory.Item toHistoryItem(ReceiptStatus status) {
        return new MessageHistory.Item(clientId, conversationId, senderId, to, seq, sentAt.toEpochMilli(), body,
                expiresAt == null ? null : expiresAt.toEpochMilli(), status);
    }
}

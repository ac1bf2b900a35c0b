package dev.courier.contracts.events;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * session-service checked the sender's session and that it may send to {@code to}; {@code recipientUserIds} are
 * the users who must receive it (for a direct chat the peer; for a group its members at send time, less the
 * sender). Topic {@link Topics#MESSAGES}, keyed by {@code conversationId} so a conversation's sends are stored
 * in the order they were authorised. {@code receivedAt} (the gateway read the frame) and {@code parsedAt} (parser
 * accepted it) carry the message's trail so far, for its delivery timeline; null when unknown. {@code at} is the
 * moment it was authorised.
 */
public record SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                             String conversationId, List<String> recipientUserIds, MessageBody body,
                             Instant receivedAt, Instant parsedAt)
        implements CourierEvent {

    /** Without the trail of earlier steps (a producer that does not know them). */
    public SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                          String conversationId, List<String> recipientUserIds, MessageBody body) {
        this(eventId, at, sender, messageId, to, conversationId, recipientUserIds, body, null, null);
    }
}

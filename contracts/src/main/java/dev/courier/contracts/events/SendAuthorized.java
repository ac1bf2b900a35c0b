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
 * <p>
 * {@code withheldFrom}: those of {@code recipientUserIds} who block the sender (a direct message only; never null,
 * empty when absent). The message is stored and the sender answered {@code sent} as usual, but it is never delivered
 * to them, now or after an unblock, and never shown to them in their history.
 * <p>
 * {@code replyTo}: the id of the message this one replies to, as the client wrote it (null when none).
 * message-service checks it names a message of this conversation that the sender can see, else the send is refused
 * {@code not_found} and nothing is stored.
 */
public record SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                             String conversationId, List<String> recipientUserIds, MessageBody body,
                             Instant receivedAt, Instant parsedAt, List<String> withheldFrom, String replyTo)
        implements CourierEvent {

    public SendAuthorized {
        withheldFrom = withheldFrom == null ? List.of() : List.copyOf(withheldFrom);
    }

    /** Not a reply. */
    public SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                          String conversationId, List<String> recipientUserIds, MessageBody body,
                          Instant receivedAt, Instant parsedAt, List<String> withheldFrom) {
        this(eventId, at, sender, messageId, to, conversationId, recipientUserIds, body, receivedAt, parsedAt,
                withheldFrom, null);
    }

    /** Withheld from nobody. */
    public SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                          String conversationId, List<String> recipientUserIds, MessageBody body,
                          Instant receivedAt, Instant parsedAt) {
        this(eventId, at, sender, messageId, to, conversationId, recipientUserIds, body, receivedAt, parsedAt,
                List.of());
    }

    /** Without the trail of earlier steps (a producer that does not know them), withheld from nobody. */
    public SendAuthorized(UUID eventId, Instant at, DeviceSession sender, String messageId, Recipient to,
                          String conversationId, List<String> recipientUserIds, MessageBody body) {
        this(eventId, at, sender, messageId, to, conversationId, recipientUserIds, body, null, null);
    }
}

package dev.courier.contracts.events;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;

import java.time.Instant;
import java.util.UUID;

/**
 * A well-formed {@code send} frame, parsed and validated by parser-service but not yet authorised. The sender is
 * {@code session.userId()}, whatever the client wrote. {@code messageId} is the client's id for the message.
 * Topic {@link Topics#COMMANDS}, keyed by the sender's user id. {@code at} is when it was parsed,
 * {@code receivedAt} when the gateway read the frame (null when unknown). {@code replyTo}: the id of the message it
 * replies to (a well-formed id; whether the sender may quote it is message-service's to decide), null when none.
 */
public record SendRequested(UUID eventId, Instant at, DeviceSession session, String messageId, Recipient to,
                            MessageBody body, Instant receivedAt, String replyTo) implements CourierEvent {

    /** Not a reply. */
    public SendRequested(UUID eventId, Instant at, DeviceSession session, String messageId, Recipient to,
                         MessageBody body, Instant receivedAt) {
        this(eventId, at, session, messageId, to, body, receivedAt, null);
    }

    /** Without the time the gateway read the frame. */
    public SendRequested(UUID eventId, Instant at, DeviceSession session, String messageId, Recipient to,
                         MessageBody body) {
        this(eventId, at, session, messageId, to, body, null, null);
    }
}

package dev.courier.contracts.events;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;

import java.time.Instant;
import java.util.UUID;

/**
 * A well-formed {@code send} frame, parsed and validated by parser-service but not yet authorised. The sender is
 * {@code session.userId()}, whatever the client wrote. {@code messageId} is the client's id for the message.
 * Topic {@link Topics#COMMANDS}, keyed by the sender's user id.
 */
public record SendRequested(UUID eventId, Instant at, DeviceSession session, String messageId, Recipient to,
                            MessageBody body) implements CourierEvent {
}

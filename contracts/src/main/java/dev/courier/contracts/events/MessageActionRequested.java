package dev.courier.contracts.events;

import dev.courier.contracts.frames.MessageBody;

import java.time.Instant;
import java.util.UUID;

/**
 * A client's {@code react}, {@code edit} or {@code delete} frame, parsed and valid as a frame: {@code actionId} is
 * the frame's {@code id} (the {@code ref} of its answer), {@code messageId} the client id of the message it acts
 * on. {@code emoji} is set for a react ({@code ""} removes the reaction), {@code body} (a text) for an edit; both
 * null for a delete. Topic {@link Topics#COMMANDS}, keyed by the actor's user id.
 */
public record MessageActionRequested(UUID eventId, Instant at, DeviceSession session, MessageAction action,
                                     String actionId, String messageId, String emoji, MessageBody body)
        implements CourierEvent {
}

package dev.courier.contracts.events;

import dev.courier.contracts.frames.MessageBody;

import java.time.Instant;
import java.util.UUID;

/**
 * A {@link MessageActionRequested} from a live session of an active user. message-service decides the rest (is the
 * message there and visible to the actor, may the actor do this to it, in time) and answers the actor's device
 * {@code done} or one {@code error}, idempotently by (actor, {@code actionId}). Topic {@link Topics#MESSAGES}, keyed
 * by the actor's user id, so one user's actions are applied in the order it sent them.
 */
public record MessageActionAuthorized(UUID eventId, Instant at, DeviceSession actor, MessageAction action,
                                      String actionId, String messageId, String emoji, MessageBody body)
        implements CourierEvent {
}

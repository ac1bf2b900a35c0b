package dev.courier.contracts.events;

import dev.courier.contracts.frames.ReceiptStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recipient's receipt from a live session. message-service applies it only to messages the reader really
 * received, and only forwards (never backwards: read implies delivered). Topic {@link Topics#MESSAGES}, keyed by
 * the reader's user id.
 */
public record ReceiptAuthorized(UUID eventId, Instant at, DeviceSession reader, ReceiptStatus status,
                                List<String> messageIds) implements CourierEvent {
}

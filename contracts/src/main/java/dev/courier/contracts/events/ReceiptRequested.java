package dev.courier.contracts.events;

import dev.courier.contracts.frames.ReceiptStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recipient's {@code receipt delivered|read} for some message ids. Topic {@link Topics#COMMANDS}, keyed by the
 * recipient's user id.
 */
public record ReceiptRequested(UUID eventId, Instant at, DeviceSession session, ReceiptStatus status,
                               List<String> messageIds) implements CourierEvent {
}

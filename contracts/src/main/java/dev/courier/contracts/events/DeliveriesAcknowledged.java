package dev.courier.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The client of {@code session} acknowledged these message ids; its gateway drops them from the socket's in-flight
 * store. parser-service publishes it on {@link Topics#gatewayOutbound(String)} as it parses a receipt.
 */
public record DeliveriesAcknowledged(UUID eventId, Instant at, DeviceSession session, List<String> messageIds)
        implements CourierEvent {
}

package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user deleted its account ({@code DELETE /api/me}): gateways close its sockets with 4401, session-service
 * refuses its commands and sends to it. Topic {@link Topics#ACCOUNTS}, keyed by user id.
 */
public record AccountDeactivated(UUID eventId, Instant at, String userId) implements CourierEvent {
}

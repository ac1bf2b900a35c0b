package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A device logged out: its refresh tokens are revoked and gateways close its sockets with 4401. Topic
 * {@link Topics#ACCOUNTS}, keyed by user id.
 */
public record DeviceLoggedOut(UUID eventId, Instant at, String userId, String deviceId) implements CourierEvent {
}

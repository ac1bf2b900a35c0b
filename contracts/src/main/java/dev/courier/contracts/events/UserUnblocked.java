package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code blockerId} no longer blocks {@code blockedId} ({@code DELETE /api/me/blocked/{userId}}). Messages withheld
 * while the block lasted stay withheld. Topic {@link Topics#BLOCKS}, keyed by {@code blockerId}; idempotent on the
 * pair (also published when there was no block).
 */
public record UserUnblocked(UUID eventId, Instant at, String blockerId, String blockedId) implements CourierEvent {
}

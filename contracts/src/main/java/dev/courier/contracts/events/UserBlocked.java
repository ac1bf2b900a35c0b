package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code blockerId} blocked {@code blockedId} ({@code PUT /api/me/blocked/{userId}}, last-seen-service, which owns
 * the block lists). While it lasts, the blocked user's direct messages to the blocker are stored but never delivered,
 * the blocker's direct messages to it are refused, and it sees none of the blocker's presence, last seen, photo or
 * about. Topic {@link Topics#BLOCKS}, keyed by {@code blockerId}, so one user's blocks and unblocks stay in order.
 * Idempotent on the pair: blocking again changes nothing.
 */
public record UserBlocked(UUID eventId, Instant at, String blockerId, String blockedId) implements CourierEvent {
}

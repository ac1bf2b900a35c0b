package dev.courier.lastseen.presence;

import java.time.Instant;

/**
 * A user's presence as the owner of its state knows it, before any privacy filter. {@code lastSeen} is null when
 * the user was never seen; while online it is the latest moment the user was seen online.
 */
public record PresenceSnapshot(String userId, boolean online, Instant lastSeen) {
}

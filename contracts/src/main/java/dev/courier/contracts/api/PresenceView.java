package dev.courier.contracts.api;

/**
 * {@code GET /api/presence/{userId}}: whether the user is online and when it was last online, as the caller may see
 * it ({@code lastSeen} epoch milliseconds, null when the user's privacy hides it from the caller).
 */
public record PresenceView(String userId, boolean online, Long lastSeen) {
}

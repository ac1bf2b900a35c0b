package dev.courier.contracts.events;

/**
 * One connected socket: who (user and device, both from the verified access token, never from the client),
 * which socket ({@code sessionId}, unique per connection) and which gateway holds it ({@code gatewayId},
 * whose outbound topic reaches it).
 */
public record DeviceSession(String userId, String deviceId, String sessionId, String gatewayId) {
}

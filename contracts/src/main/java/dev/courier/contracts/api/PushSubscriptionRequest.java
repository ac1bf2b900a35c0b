package dev.courier.contracts.api;

/**
 * {@code PUT /api/me/push}: the Web Push subscription of the calling device (one per device; a new one replaces it),
 * in the shape of a browser's {@code PushSubscription.toJSON()} plus {@code preview}. {@code endpoint} must be
 * {@code https} on a push service of the server's allow-list; {@code keys.p256dh} is the device's P-256 public key
 * (uncompressed point, base64url) and {@code keys.auth} its 16-byte authentication secret (base64url), both of
 * RFC 8291. {@code preview}: whether pushes may carry the message's text (absent = false).
 */
public record PushSubscriptionRequest(String endpoint, Keys keys, Boolean preview) {

    public record Keys(String p256dh, String auth) {
    }
}

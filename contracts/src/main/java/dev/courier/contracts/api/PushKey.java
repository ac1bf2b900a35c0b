package dev.courier.contracts.api;

/**
 * {@code GET /api/push/key}: the server's VAPID public key (RFC 8292), the uncompressed P-256 point (65 bytes) in
 * base64url without padding, as a browser's {@code pushManager.subscribe({applicationServerKey})} takes it.
 */
public record PushKey(String publicKey) {
}

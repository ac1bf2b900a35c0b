package dev.courier.contracts.api;

/** {@code POST /api/auth/login}; without {@code deviceId} the server makes one (a new device). */
public record LoginRequest(String phone, String password, String deviceId) {
}

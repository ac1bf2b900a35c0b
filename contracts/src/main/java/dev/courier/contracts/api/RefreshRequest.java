package dev.courier.contracts.api;

/** {@code POST /api/auth/refresh}: a refresh token works once; the answer carries its successor. */
public record RefreshRequest(String refreshToken) {
}

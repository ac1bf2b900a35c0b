package dev.courier.contracts.api;

/** The answer to login and refresh. {@code expiresIn} is the access token's lifetime in seconds. */
public record TokenResponse(String userId, String accessToken, String refreshToken, long expiresIn) {
}

package dev.courier.contracts.api;

/** {@code POST /api/auth/register}. {@code phone} is E.164, e.g. {@code +15551234567}. */
public record RegisterRequest(String phone, String password, String displayName) {
}

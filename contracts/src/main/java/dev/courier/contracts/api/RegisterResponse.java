package dev.courier.contracts.api;

/** The answer to {@code POST /api/auth/register}: {@code 201 {userId}}. */
public record RegisterResponse(String userId) {
}

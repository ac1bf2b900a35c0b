package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as {@code GET /api/users/{userId}} shows it, and as auth-service's internal lookup
 * ({@code GET /internal/users/{userId}}) answers other services. {@code active} is false once the account is
 * deactivated; the public endpoints then answer 404 instead, and leave {@code active} null, so it is omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String userId, String phone, String displayName, Boolean active) {
}

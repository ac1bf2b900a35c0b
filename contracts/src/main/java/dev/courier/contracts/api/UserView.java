package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as {@code GET /api/users/{userId}} shows it, and as auth-service's internal lookup
 * ({@code GET /internal/users/{userId}}) answers other services. {@code active} is false once the account is
 * deactivated; the public endpoints then answer 404 instead, and leave {@code active} null, so it is omitted.
 * {@code about} and {@code profilePhoto} (a media id) are null, so omitted, when unset or when the owner's privacy
 * settings hide them from the caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String userId, String phone, String displayName, Boolean active, String about,
                       String profilePhoto) {

    /** Without profile details (as before profiles existed). */
    public UserView(String userId, String phone, String displayName, Boolean active) {
        this(userId, phone, displayName, active, null, null);
    }
}

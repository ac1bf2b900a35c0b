package dev.courier.contracts.api;

/**
 * {@code GET /api/me} and the answer of {@code PATCH /api/me}: the caller's own profile, every field (null when
 * unset). {@code email} and {@code location} are private: only the user sees them. {@code profilePhoto} is a media
 * id the user uploaded.
 */
public record MyProfile(String userId, String phone, String displayName, String about, String email, String location,
                        String profilePhoto) {
}

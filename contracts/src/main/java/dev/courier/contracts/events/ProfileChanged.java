package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user changed its public profile ({@code PATCH /api/me}): the values after the change, {@code about} and
 * {@code profilePhoto} (a media id) null when unset. Email and location are private to the user and never leave
 * auth-service. Topic {@link Topics#ACCOUNTS}, keyed by user id, so a user's changes stay in order.
 */
public record ProfileChanged(UUID eventId, Instant at, String userId, String displayName, String about,
                             String profilePhoto) implements CourierEvent {
}

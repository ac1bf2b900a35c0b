package dev.courier.contracts.api;

/**
 * last-seen-service's {@code GET /internal/visibility/{ownerId}?viewer=<userId>}: what of the owner the viewer may
 * see, after the owner's privacy settings, the contact relation and (for last seen) reciprocity. An owner always
 * sees all of its own.
 */
public record Visibility(boolean lastSeen, boolean online, boolean profilePhoto, boolean about) {

    public static final Visibility ALL = new Visibility(true, true, true, true);
}

package dev.courier.lastseen.privacy;

import java.util.Locale;

/**
 * Who may see a part of a user's profile: the values of {@code lastSeen}, {@code profilePhoto} and {@code about} in
 * {@code PUT /api/me/privacy}.
 */
enum LastSeenVisibility {
    EVERYONE, CONTACTS, NOBODY;

    /** The wire value, as PROTOCOL.md writes it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire value; anything but the three throws {@link IllegalArgumentException} (a 400). */
    public static LastSeenVisibility parse(String value) {
        return parse("lastSeen", value);
    }

    /** Parses the wire value of {@code field}; anything but the three throws {@link IllegalArgumentException}. */
    public static LastSeenVisibility parse(String field, String value) {
        for (LastSeenVisibility visibility : values()) {
            if (visibility.wire().equals(value)) {
                return visibility;
            }
        }
        throw new IllegalArgumentException(field + " must be one of everyone, contacts, nobody; got: " + value);
    }

    /** Whether this setting lets someone see, given whether they are contacts. */
    boolean allows(boolean contacts) {
        return this == EVERYONE || this == CONTACTS && contacts;
    }
}

package dev.courier.auth.account;

import java.util.Optional;

/** The fields of {@code PATCH /api/me}, by their wire names. */
public enum ProfileField {
    DISPLAY_NAME("displayName"),
    ABOUT("about"),
    EMAIL("email"),
    LOCATION("location"),
    PROFILE_PHOTO("profilePhoto");

    private final String wire;

    ProfileField(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ProfileField> fromWire(String name) {
        for (ProfileField field : values()) {
            if (field.wire.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}

package dev.courier.contracts.api;

/** {@code PUT /api/me/privacy}: who may see the caller's last seen: {@code everyone}, {@code contacts} or {@code nobody}. */
public record PrivacySettings(String lastSeen) {

    public static final String EVERYONE = "everyone";
    public static final String CONTACTS = "contacts";
    public static final String NOBODY = "nobody";
}

package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code PUT /api/me/privacy} (and the answer of {@code GET /api/me/privacy}): who may see the caller's last seen,
 * profile photo and about, each {@code everyone}, {@code contacts} or {@code nobody}. In a PUT, an absent (or null)
 * field leaves that setting unchanged; the GET answers all three.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivacySettings(String lastSeen, String profilePhoto, String about) {

    public static final String EVERYONE = "everyone";
    public static final String CONTACTS = "contacts";
    public static final String NOBODY = "nobody";

    /** Last seen only (the others unchanged). */
    public PrivacySettings(String lastSeen) {
        this(lastSeen, null, null);
    }
}

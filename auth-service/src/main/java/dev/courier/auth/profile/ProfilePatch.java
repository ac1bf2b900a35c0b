package dev.courier.auth.profile;

import dev.courier.auth.account.ProfileChange;
import dev.courier.auth.account.ProfileField;
import dev.courier.auth.account.RequestFields;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code PATCH /api/me}, a JSON merge patch (RFC 7396) of the profile: an absent field stays as it
 * is, {@code null} clears it. Every rule is checked before anything changes, and every broken one is named in the
 * 400: an unknown field, a value that is not a string, a display name that is null or breaks
 * {@link RequestFields#displayNameProblem} (the same rule as at registration), an about over 140, a location over 100, an email that does not look like one (or over 254), a control
 * character anywhere. An empty about or location clears it. Emails are trimmed and lower-cased. Whether the photo
 * is the caller's own upload is checked later (it needs media-service).
 */
final class ProfilePatch {

    static final int ABOUT_MAX = 140;
    static final int LOCATION_MAX = 100;
    static final int EMAIL_MAX = 254;
    static final int MEDIA_ID_MAX = 64;

    /** Pragmatic: one {@code @}, a dot in the domain, no spaces. Deliverability is not checked. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private ProfilePatch() {
    }

    /** @throws IllegalArgumentException (a 400 ProblemDetail) naming every problem */
    static ProfileChange read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            var field = ProfileField.fromWire(entry.getKey());
            if (field.isEmpty()) {
                problems.add("unknown field '" + entry.getKey() + "'");
                continue;
            }
            JsonNode node = entry.getValue();
            if (!node.isNull() && !node.isString()) {
                problems.add(entry.getKey() + " must be a string or null");
                continue;
            }
            String value = node.isNull() ? null : node.asString();
            String problem = check(field.get(), value);
            if (problem != null) {
                problems.add(entry.getKey() + " " + problem);
            } else {
                values.put(field.get(), normalised(field.get(), value));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ProfileChange(values);
    }

    private static String check(ProfileField field, String value) {
        if (value == null) {
            return field == ProfileField.DISPLAY_NAME ? "cannot be cleared" : null;
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return switch (field) {
            case DISPLAY_NAME -> RequestFields.displayNameProblem(value);
            case ABOUT -> value.length() > ABOUT_MAX ? "must be at most " + ABOUT_MAX + " characters" : null;
            case LOCATION -> value.length() > LOCATION_MAX ? "must be at most " + LOCATION_MAX + " characters" : null;
            case EMAIL -> value.strip().length() > EMAIL_MAX || !EMAIL.matcher(value.strip()).matches()
                    ? "must be an email address like ann@example.com" : null;
            case PROFILE_PHOTO -> value.isBlank() || value.length() > MEDIA_ID_MAX
                    ? "must be the id of an image you uploaded" : null;
        };
    }

    private static String normalised(ProfileField field, String value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case EMAIL -> value.strip().toLowerCase(Locale.ROOT);
            case ABOUT, LOCATION -> value.isEmpty() ? null : value;
            default -> value;
        };
    }
}

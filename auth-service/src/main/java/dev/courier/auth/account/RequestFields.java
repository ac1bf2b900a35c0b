package dev.courier.auth.account;

import org.springframework.validation.Errors;

/** Field rules shared by auth-service's request validators: each rejects the field with a message a client can show. */
public final class RequestFields {

    private RequestFields() {
    }

    public static void phone(Errors errors, String phone) {
        if (phone == null || !phone.matches(Accounts.PHONE_PATTERN)) {
            errors.rejectValue("phone", "e164", "must be an E.164 phone number like +15551234567");
        }
    }

    /** Not blank, and {@code min..max} characters long. */
    public static void text(Errors errors, String field, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            errors.rejectValue(field, "blank", "must not be blank");
        } else if (value.length() < min || value.length() > max) {
            errors.rejectValue(field, "size", "must be " + min + " to " + max + " characters");
        }
    }

    /** The longest display name, in UTF-16 units. */
    public static final int DISPLAY_NAME_MAX = 64;

    /** A display name, at registration as in {@code PATCH /api/me}: see {@link #displayNameProblem}. */
    public static void displayName(Errors errors, String value) {
        String problem = displayNameProblem(value);
        if (problem != null) {
            errors.rejectValue("displayName", "displayName", problem);
        }
    }

    /**
     * Why a display name cannot be taken, or null: it must be 1 to {@value #DISPLAY_NAME_MAX} characters with at least
     * one visible one (not only spaces, zero-width or other invisible characters), and hold no control characters
     * (line breaks, U+0000), line or paragraph separators, or bidirectional overrides, embeddings and isolates
     * (U+202A..U+202E, U+2066..U+2069), which would reorder the text shown around the name.
     */
    public static String displayNameProblem(String value) {
        if (value == null || value.isEmpty() || value.length() > DISPLAY_NAME_MAX) {
            return "must be 1 to " + DISPLAY_NAME_MAX + " characters";
        }
        boolean visible = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return "must not contain control characters or line breaks";
            }
            if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                return "must not contain bidirectional override or isolate characters";
            }
            if (type == Character.SURROGATE) {
                return "must not contain an unpaired surrogate";
            }
            visible |= !Character.isWhitespace(c) && !Character.isSpaceChar(c) && type != Character.FORMAT
                    && type != Character.UNASSIGNED && type != Character.NON_SPACING_MARK
                    && type != Character.ENCLOSING_MARK && !INVISIBLE_LETTERS.contains(c);
        }
        return visible ? null : "must have a visible character";
    }

    /** Letters that render as nothing: Hangul fillers, the braille blank. */
    private static final java.util.Set<Integer> INVISIBLE_LETTERS = java.util.Set.of(0x115F, 0x1160, 0x3164, 0xFFA0,
            0x2800);

    /** As {@link #text}, and without control characters. */
    public static void printable(Errors errors, String field, String value, int min, int max) {
        text(errors, field, value, min, max);
        if (value != null && value.codePoints().anyMatch(Character::isISOControl)) {
            errors.rejectValue(field, "control", "must not contain control characters");
        }
    }
}

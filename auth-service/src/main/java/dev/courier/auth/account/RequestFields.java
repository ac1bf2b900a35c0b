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

    /** As {@link #text}, and without control characters. */
    public static void printable(Errors errors, String field, String value, int min, int max) {
        text(errors, field, value, min, max);
        if (value != null && value.codePoints().anyMatch(Character::isISOControl)) {
            errors.rejectValue(field, "control", "must not contain control characters");
        }
    }
}

package dev.courier.auth.account;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A validated JSON merge patch of the profile: each field present is set to its value, null clearing it; absent
 * fields stay as they are.
 *
 * @param values the fields present (values may be null), unmodifiable
 */
public record ProfileChange(Map<ProfileField, String> values) {

    public ProfileChange {
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(ProfileField.class)
                : new EnumMap<>(values));
    }

    public boolean has(ProfileField field) {
        return values.containsKey(field);
    }

    public String get(ProfileField field) {
        return values.get(field);
    }
}

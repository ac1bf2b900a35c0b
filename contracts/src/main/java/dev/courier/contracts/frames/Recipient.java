package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code to} of a frame: exactly one of {@code user} or {@code group} is set.
 * On the wire: {@code {"user":"<userId>"}} or {@code {"group":"<groupId>"}}.
 */
// isGroup() is no JSON property: Jackson would otherwise write it over the group id as "group":true|false.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipient(String user, String group) {

    public static Recipient user(String userId) {
        return new Recipient(userId, null);
    }

    public static Recipient group(String groupId) {
        return new Recipient(null, groupId);
    }

    public boolean isGroup() {
        return group != null;
    }
}

package dev.courier.auth.profile;

import dev.courier.auth.account.ProfileChange;
import dev.courier.auth.account.ProfileField;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void absentStaysNullClearsAndEmailIsNormalised() {
        ProfileChange change = read("{\"about\":null,\"email\":\"  Ann@Example.COM \",\"location\":\"\"}");

        assertThat(change.has(ProfileField.DISPLAY_NAME)).isFalse();
        assertThat(change.has(ProfileField.ABOUT)).isTrue();
        assertThat(change.get(ProfileField.ABOUT)).isNull();
        assertThat(change.get(ProfileField.EMAIL)).isEqualTo("ann@example.com");
        assertThat(change.has(ProfileField.LOCATION)).isTrue();
        assertThat(change.get(ProfileField.LOCATION)).as("empty clears").isNull();
    }

    @Test
    void limitsAreInclusive() {
        ProfileChange change = read("{\"displayName\":\"" + "n".repeat(64) + "\",\"about\":\"" + "a".repeat(140)
                + "\",\"location\":\"" + "l".repeat(100) + "\"}");

        assertThat(change.values()).hasSize(3);
    }

    @Test
    void everyBrokenRuleIsNamed() {
        assertThatThrownBy(() -> read("{\"displayName\":\"\",\"about\":\"" + "a".repeat(141)
                + "\",\"email\":\"ann@localhost\",\"nickname\":\"x\",\"location\":5}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("displayName")
                .hasMessageContaining("about")
                .hasMessageContaining("email")
                .hasMessageContaining("unknown field 'nickname'")
                .hasMessageContaining("location must be a string");
        assertThatThrownBy(() -> read("{\"displayName\":null}")).hasMessageContaining("cannot be cleared");
        assertThatThrownBy(() -> read("{\"displayName\":\"" + "n".repeat(65) + "\"}"))
                .hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> read("{\"about\":\"line\\u0007\"}")).hasMessageContaining("control");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> read("{\"email\":\"two@@example.com\"}")).hasMessageContaining("email");
    }

    private static ProfileChange read(String json) {
        return ProfilePatch.read(JSON.readTree(json));
    }
}

package dev.courier.lastseen.privacy;

import org.junit.jupiter.api.Test;

import static dev.courier.lastseen.privacy.LastSeenVisibility.CONTACTS;
import static dev.courier.lastseen.privacy.LastSeenVisibility.EVERYONE;
import static dev.courier.lastseen.privacy.LastSeenVisibility.NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileVisibilityTest {

    @Test
    void eachPartFollowsTheOwnersOwnSetting() {
        var settings = new PrivacySettings.Settings(NOBODY, CONTACTS, EVERYONE);

        assertThat(ProfileVisibility.between("v", "o", settings, true)).isEqualTo(new ProfileVisibility(true, true));
        assertThat(ProfileVisibility.between("v", "o", settings, false))
                .isEqualTo(new ProfileVisibility(false, true));
        assertThat(ProfileVisibility.between("v", "o", new PrivacySettings.Settings(EVERYONE, NOBODY, NOBODY), true))
                .isEqualTo(new ProfileVisibility(false, false));
    }

    @Test
    void theOwnerSeesItsOwn() {
        var hidden = new PrivacySettings.Settings(NOBODY, NOBODY, NOBODY);

        assertThat(ProfileVisibility.between("o", "o", hidden, false)).isEqualTo(new ProfileVisibility(true, true));
    }
}

package dev.courier.lastseen.privacy;

import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.presence.PresenceSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.courier.lastseen.privacy.LastSeenVisibility.CONTACTS;
import static dev.courier.lastseen.privacy.LastSeenVisibility.EVERYONE;
import static dev.courier.lastseen.privacy.LastSeenVisibility.NOBODY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VisibilityTest {

    private static final Instant SEEN = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final PresenceSnapshot ONLINE = new PresenceSnapshot("t", true, SEEN);
    private static final PresenceSnapshot OFFLINE = new PresenceSnapshot("t", false, SEEN);

    @Test
    void everyoneShowsAllToEveryone() {
        assertThat(Visibility.between("v", "t", EVERYONE, EVERYONE, false, false).frame(OFFLINE))
                .isEqualTo(new PresenceFrame("t", false, SEEN.toEpochMilli()));
        assertThat(Visibility.between("v", "t", EVERYONE, EVERYONE, false, false).frame(ONLINE).online()).isTrue();
    }

    @Test
    void contactsShowLastSeenToContactsOnly() {
        assertThat(Visibility.between("v", "t", CONTACTS, EVERYONE, true, true).frame(OFFLINE).lastSeen())
                .isEqualTo(SEEN.toEpochMilli());
        Visibility stranger = Visibility.between("v", "t", CONTACTS, EVERYONE, false, false);
        assertThat(stranger.frame(OFFLINE).lastSeen()).isNull();
        assertThat(stranger.frame(ONLINE).online()).as("online follows the setting as last seen does").isFalse();
    }

    @Test
    void contactsAreChosenSoTheRelationHasTwoDirections() {
        // T chose V: V sees T; V never chose T, so V's own "contacts" setting hides T's last seen from V.
        assertThat(Visibility.between("v", "t", CONTACTS, EVERYONE, true, false).lastSeen()).isTrue();
        assertThat(Visibility.between("v", "t", CONTACTS, CONTACTS, true, false).lastSeen()).isFalse();
        assertThat(Visibility.between("v", "t", CONTACTS, CONTACTS, true, false).online()).isTrue();
        // V wrote to T (chose T), T never answered: V sees nothing of T.
        assertThat(Visibility.between("v", "t", CONTACTS, CONTACTS, false, true))
                .isEqualTo(new Visibility(false, false));
    }

    @Test
    void nobodyHidesLastSeenAndOnline() {
        Visibility hidden = Visibility.between("v", "t", NOBODY, EVERYONE, true, true);
        assertThat(hidden.frame(ONLINE)).isEqualTo(new PresenceFrame("t", false, null));
        assertThat(hidden.online()).isFalse();
    }

    @Test
    void whoHidesLastSeenCannotSeeOthers() {
        assertThat(Visibility.between("v", "t", EVERYONE, NOBODY, true, true).frame(OFFLINE).lastSeen()).isNull();
        assertThat(Visibility.between("v", "t", EVERYONE, CONTACTS, false, false).frame(OFFLINE).lastSeen()).isNull();
        assertThat(Visibility.between("v", "t", EVERYONE, CONTACTS, true, true).frame(OFFLINE).lastSeen())
                .isEqualTo(SEEN.toEpochMilli());
        assertThat(Visibility.between("v", "t", EVERYONE, NOBODY, true, true).frame(ONLINE).online())
                .as("reciprocity is about last seen").isTrue();
    }

    @Test
    void aUserAlwaysSeesItsOwn() {
        assertThat(Visibility.between("t", "t", NOBODY, NOBODY, false, false).frame(ONLINE))
                .isEqualTo(new PresenceFrame("t", true, SEEN.toEpochMilli()));
    }

    @Test
    void neverSeenIsNull() {
        assertThat(Visibility.between("v", "t", EVERYONE, EVERYONE, false, false)
                .frame(new PresenceSnapshot("t", false, null)).lastSeen()).isNull();
    }

    @Test
    void onlyTheThreeSettingsParse() {
        assertThat(LastSeenVisibility.parse("contacts")).isEqualTo(CONTACTS);
        assertThatThrownBy(() -> LastSeenVisibility.parse("friends")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LastSeenVisibility.parse("NOBODY")).isInstanceOf(IllegalArgumentException.class);
    }
}

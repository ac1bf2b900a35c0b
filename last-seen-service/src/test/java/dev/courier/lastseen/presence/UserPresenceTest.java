package dev.courier.lastseen.presence;

import dev.courier.lastseen.presence.UserPresence.Change;
import dev.courier.lastseen.presence.UserPresence.Device;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserPresenceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final UserPresence user = new UserPresence("a");

    private static Device phone(boolean foreground) {
        return new Device("s1", "phone", "gw", foreground, T0);
    }

    private static Device laptop(boolean foreground) {
        return new Device("s2", "laptop", "gw", foreground, T0);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aForegroundConnectGoesOnline() {
        assertThat(user.connected(phone(true), at(0))).isEqualTo(Change.WENT_ONLINE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", true, at(0)));
        assertThat(user.connected(laptop(true), at(1))).as("already online").isEqualTo(Change.NONE);
    }

    @Test
    void aBackgroundConnectIsNotOnlineAndMovesNothing() {
        assertThat(user.connected(phone(false), at(0))).isEqualTo(Change.NONE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", false, null));
        assertThat(user.dirty()).isFalse();
    }

    @Test
    void presenceBackgroundGoesOfflineAtOnceAtThatMoment() {
        user.connected(phone(true), at(0));
        assertThat(user.background("s1", at(7))).isEqualTo(Change.WENT_OFFLINE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", false, at(7)));
    }

    @Test
    void presenceForegroundFromABackgroundDeviceGoesOnline() {
        user.connected(phone(false), at(0));
        assertThat(user.foreground("s1", at(3))).isEqualTo(Change.WENT_ONLINE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", true, at(3)));
    }

    @Test
    void anotherForegroundDeviceKeepsTheUserOnline() {
        user.connected(phone(true), at(0));
        user.connected(laptop(true), at(1));
        assertThat(user.background("s1", at(2))).isEqualTo(Change.NONE);
        assertThat(user.disconnected("s1", at(3), at(3), GRACE)).isEqualTo(Change.NONE);
        assertThat(user.online()).isTrue();
        assertThat(user.offlineDeadline()).isNull();
    }

    @Test
    void systemActivityFromTheBackgroundNeverMovesLastSeen() {
        user.connected(phone(true), at(0));
        user.background("s1", at(10));
        user.written();
        // delivered receipts and pings change nothing here; a background reconnect:
        assertThat(user.disconnected("s1", at(20), at(20), GRACE)).isEqualTo(Change.NONE);
        assertThat(user.connected(new Device("s3", "phone", "gw", false, at(21)), at(21))).isEqualTo(Change.NONE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", false, at(10)));
        assertThat(user.dirty()).isFalse();
        assertThat(user.offlineDeadline()).as("a background device leaving starts no grace").isNull();
    }

    @Test
    void userActivityFromTheBackgroundMovesLastSeenButNotOnline() {
        user.connected(phone(false), at(0));
        user.userActivity(at(30));
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", false, at(30)));
        assertThat(user.dirty()).isTrue();
        user.userActivity(at(29));
        assertThat(user.lastSeen()).as("never backwards").isEqualTo(at(30));
    }

    @Test
    void aDisconnectGoesOfflineWhenTheGraceHasPassedAtTheSocketsLastMoment() {
        user.connected(phone(true), at(0));
        // the socket was last heard at 40 s; the close is processed at 70 s (heartbeat timeout)
        assertThat(user.disconnected("s1", at(40), at(70), GRACE)).isEqualTo(Change.NONE);
        assertThat(user.online()).as("online during the grace").isTrue();
        assertThat(user.offlineDeadline()).isEqualTo(at(75));
        assertThat(user.graceExpired(at(74))).isEqualTo(Change.NONE);
        assertThat(user.graceExpired(at(75))).isEqualTo(Change.WENT_OFFLINE);
        assertThat(user.snapshot()).isEqualTo(new PresenceSnapshot("a", false, at(40)));
        assertThat(user.graceExpired(at(80))).as("once").isEqualTo(Change.NONE);
    }

    @Test
    void aForegroundReconnectWithinTheGraceChangesNothing() {
        user.connected(phone(true), at(0));
        user.disconnected("s1", at(10), at(10), GRACE);
        assertThat(user.connected(new Device("s3", "phone", "gw", true, at(12)), at(12))).isEqualTo(Change.NONE);
        assertThat(user.graceExpired(at(15))).isEqualTo(Change.NONE);
        assertThat(user.online()).isTrue();
    }

    @Test
    void aBackgroundReconnectWithinTheGraceDoesNotKeepTheUserOnline() {
        user.connected(phone(true), at(0));
        user.disconnected("s1", at(10), at(10), GRACE);
        user.connected(new Device("s3", "phone", "gw", false, at(12)), at(12));
        assertThat(user.graceExpired(at(15))).isEqualTo(Change.WENT_OFFLINE);
        assertThat(user.lastSeen()).isEqualTo(at(10));
    }

    @Test
    void withoutGraceADisconnectGoesOfflineAtOnce() {
        user.connected(phone(true), at(0));
        assertThat(user.disconnected("s1", at(10), at(10), Duration.ZERO)).isEqualTo(Change.WENT_OFFLINE);
        assertThat(user.lastSeen()).isEqualTo(at(10));
    }

    @Test
    void restoredStateIsOnlineWithAForegroundDevice() {
        var restored = UserPresence.restored("a", at(5), List.of(phone(false), laptop(true)));
        assertThat(restored.snapshot()).isEqualTo(new PresenceSnapshot("a", true, at(5)));
        assertThat(UserPresence.restored("a", at(5), List.of(phone(false))).online()).isFalse();
        assertThat(restored.dirty()).isFalse();
    }

    @Test
    void commandsOfUnknownSessionsChangeNoState() {
        assertThat(user.foreground("nope", at(1))).isEqualTo(Change.NONE);
        assertThat(user.background("nope", at(1))).isEqualTo(Change.NONE);
        assertThat(user.disconnected("nope", at(1), at(1), GRACE)).isEqualTo(Change.NONE);
        assertThat(user.online()).isFalse();
    }
}

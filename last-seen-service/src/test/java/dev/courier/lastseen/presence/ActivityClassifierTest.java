package dev.courier.lastseen.presence;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityClassifierTest {

    private static final DeviceSession SESSION = new DeviceSession("u", "d", "s", "gw");
    private static final Instant NOW = Instant.now();

    @Test
    void whatTheUserDoesIsUserActivity() {
        assertThat(kind(new SendRequested(UUID.randomUUID(), NOW, SESSION, "m", Recipient.user("b"),
                MessageBody.text("hi")))).isEqualTo(Activity.Kind.USER);
        assertThat(kind(receipt(ReceiptStatus.READ))).isEqualTo(Activity.Kind.USER);
        assertThat(kind(new TypingRequested(UUID.randomUUID(), NOW, SESSION, Recipient.user("b"), "composing")))
                .isEqualTo(Activity.Kind.USER);
        assertThat(kind(presence("foreground"))).isEqualTo(Activity.Kind.USER);
    }

    @Test
    void whatTheAppOrNetworkDoesIsSystemActivity() {
        assertThat(kind(receipt(ReceiptStatus.DELIVERED))).isEqualTo(Activity.Kind.SYSTEM);
        assertThat(kind(presence("background"))).isEqualTo(Activity.Kind.SYSTEM);
        assertThat(kind(new SessionOpened(UUID.randomUUID(), NOW, SESSION, false))).isEqualTo(Activity.Kind.SYSTEM);
        assertThat(kind(new SessionOpened(UUID.randomUUID(), NOW, SESSION, true))).isEqualTo(Activity.Kind.SYSTEM);
        assertThat(kind(new SessionClosed(UUID.randomUUID(), NOW, SESSION, "1006"))).isEqualTo(Activity.Kind.SYSTEM);
        assertThat(kind(new PresenceSubscriptionRequested(UUID.randomUUID(), NOW, SESSION, List.of("b"))))
                .isEqualTo(Activity.Kind.SYSTEM);
    }

    @Test
    void heartbeatsAreNoActivity() {
        assertThat(ActivityClassifier.classify(new GatewayHeartbeat(UUID.randomUUID(), NOW, "gw", NOW))).isEmpty();
    }

    private static Activity.Kind kind(CourierEvent event) {
        return ActivityClassifier.classify(event).orElseThrow().kind();
    }

    private static ReceiptRequested receipt(ReceiptStatus status) {
        return new ReceiptRequested(UUID.randomUUID(), NOW, SESSION, status, List.of("m"));
    }

    private static PresenceChangeRequested presence(String state) {
        return new PresenceChangeRequested(UUID.randomUUID(), NOW, SESSION, state);
    }
}

package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.api.PresenceView;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.TypingFrame;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Online and last seen: what a person did moves last seen, what a device did on its own does not; subscribers are
 * told within a second; privacy hides last seen both ways; typing reaches connected peers only.
 */
@Isolated
@Order(6)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** Time allowed between a change and its push: PROTOCOL asks for one second; CI machines are shared. */
    static final Duration PUSH = Duration.ofSeconds(3);

    @Test
    void backgroundDevicesMoveLastSeenOnlyWhenThePersonActs() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser c = TestUser.register(gateway1, "C");
        long lastSeenWhenBackgrounded;
        DeliveryRecorder recorder = new DeliveryRecorder();
        try (CourierConnection bSocket = b.connect(gateway2)) {
            bSocket.subscribePresence(List.of(a.userId()));
            bSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(a.userId()) && !p.online(), WAIT);

            try (CourierConnection aSocket = a.connect(gateway1)) {
                bSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(a.userId()) && p.online(), WAIT);
                assertThat(gateway2.presence(b.token(), a.userId()).online()).isTrue();

                long beforeBackground = System.currentTimeMillis();
                aSocket.presence("background");
                PresenceFrame offline = bSocket.awaitFrame(PresenceFrame.class,
                        p -> p.user().equals(a.userId()) && !p.online() && p.lastSeen() != null
                                && p.lastSeen() >= beforeBackground, WAIT);
                lastSeenWhenBackgrounded = offline.lastSeen();

                // What the device does by itself: pings, delivered receipts, reconnecting in the background.
                try (CourierConnection cSocket = c.connect(gateway2)) {
                    String toA = cSocket.sendText(a.userId(), "are you there?");
                    aSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(toA), WAIT);
                    aSocket.ping();
                    cSocket.awaitFrame(ReceiptFrame.class,
                            r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(toA), WAIT);
                    recorder.sent(c, toA, a).device(c, "phone", cSocket).device(a, "phone", aSocket);
                }
            }
            try (CourierConnection woken = a.anotherDevice(gateway1).connectInBackground(gateway1)) {
                recorder.device(a, "tablet", woken);
                woken.ping();
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    PresenceView seen = gateway2.presence(b.token(), a.userId());
                    assertThat(seen.online()).isFalse();
                    assertThat(seen.lastSeen()).isNotNull();
                });
                long unmoved = gateway2.presence(b.token(), a.userId()).lastSeen();
                assertThat(unmoved).as("pings, delivered receipts and background reconnects leave last seen alone")
                        .isEqualTo(lastSeenWhenBackgrounded);

                long beforeSend = System.currentTimeMillis();
                String fromBackground = woken.sendText(c.userId(), "sent from the background");
                woken.awaitFrame(ReceiptFrame.class,
                        r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(fromBackground), WAIT);
                recorder.sent(a, fromBackground, c);
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(gateway2.presence(b.token(), a.userId()).lastSeen())
                                .isGreaterThan(unmoved).isGreaterThanOrEqualTo(beforeSend));
                assertThat(gateway2.presence(b.token(), a.userId()).online())
                        .as("acting from the background does not make one online").isFalse();
            }
        }
        // C was offline when A's tablet wrote: it gets the message when it comes back.
        try (CourierConnection cAgain = c.connect(gateway2)) {
            recorder.device(c, "phone", cAgain).awaitClean(WAIT);
        }
    }

    @Test
    void aForegroundDisconnectIsPushedAtOnceWithLastSeenAtTheDisconnect() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        try (CourierConnection bSocket = b.connect(gateway2)) {
            bSocket.subscribePresence(List.of(a.userId()));
            CourierConnection aSocket = a.connect(gateway1);
            bSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(a.userId()) && p.online(), WAIT);

            long closedAt = System.currentTimeMillis();
            aSocket.close();
            PresenceFrame offline = bSocket.awaitFrame(PresenceFrame.class,
                    p -> p.user().equals(a.userId()) && !p.online() && p.lastSeen() != null, PUSH);
            assertThat(offline.lastSeen()).isBetween(closedAt - 2_000, closedAt + 2_000);
        }
    }

    @Test
    void aDeviceThatVanishesGoesOfflineAfterTheHeartbeatTimeoutWithLastSeenAtTheLastFrameHeard() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        try (CourierConnection bSocket = b.connect(gateway2)) {
            bSocket.subscribePresence(List.of(a.userId()));
            CourierConnection vanishing = gateway1.connectUnresponsive(a.token());
            bSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(a.userId()) && p.online(), WAIT);
            int seenBefore = bSocket.frames(PresenceFrame.class).size();
            long lastFrame = System.currentTimeMillis();
            vanishing.typing(b.userId(), "composing");

            await().atMost(WAIT).until(() -> bSocket.frames(PresenceFrame.class).stream().skip(seenBefore)
                    .anyMatch(p -> p.user().equals(a.userId()) && !p.online()));
            PresenceFrame offline = bSocket.frames(PresenceFrame.class).stream().skip(seenBefore)
                    .filter(p -> p.user().equals(a.userId()) && !p.online()).findFirst().orElseThrow();
            assertThat(offline.lastSeen()).isBetween(lastFrame - 2_000, lastFrame + 3_000);
            vanishing.abort();
        }
    }

    @Test
    void aQuickReconnectPushesNothing() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        try (CourierConnection bSocket = b.connect(gateway2)) {
            bSocket.subscribePresence(List.of(a.userId()));
            CourierConnection first = a.connect(gateway1);
            bSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(a.userId()) && p.online(), WAIT);
            int framesBefore = bSocket.frames(PresenceFrame.class).size();

            first.abort();
            try (CourierConnection again = a.connect(gateway2)) {
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() ->
                        bSocket.frames(PresenceFrame.class).size() == framesBefore);
                assertThat(again.isOpen()).isTrue();
            }
        }
    }

    @Test
    void privacyHidesLastSeenAndWhoHidesItSeesNoneEither() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser stranger = TestUser.register(gateway1, "Stranger");
        try (CourierConnection aSocket = a.connect(gateway1); CourierConnection bSocket = b.connect(gateway2)) {
            String hello = aSocket.sendText(b.userId(), "we are contacts now");
            bSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(hello), WAIT);
            new DeliveryRecorder().sent(a, hello, b).device(a, "phone", aSocket).device(b, "phone", bSocket)
                    .awaitClean(WAIT);
        }
        await().atMost(WAIT).until(() -> gateway1.presence(b.token(), a.userId()).lastSeen() != null);

        assertThat(gateway1.setLastSeenPrivacy(a.token(), "nobody").status()).isBetween(200, 204);
        assertThat(gateway1.presence(b.token(), a.userId()).lastSeen()).isNull();
        assertThat(gateway1.presence(a.token(), b.userId()).lastSeen()).as("reciprocity").isNull();

        assertThat(gateway1.setLastSeenPrivacy(a.token(), "contacts").status()).isBetween(200, 204);
        assertThat(gateway1.presence(b.token(), a.userId()).lastSeen()).as("a contact").isNotNull();
        assertThat(gateway1.presence(stranger.token(), a.userId()).lastSeen()).as("a stranger").isNull();
        assertThat(gateway1.presence(a.token(), b.userId()).lastSeen()).isNotNull();
    }

    @Test
    void badPresenceInputGetsTheDocumentedErrors() {
        TestUser a = TestUser.register(gateway1, "A");
        assertThat(gateway1.setLastSeenPrivacy(a.token(), "friends-of-friends").status()).isEqualTo(400);
        try (CourierConnection socket = a.connect(gateway1)) {
            String ghost = UUID.randomUUID().toString();
            socket.subscribePresence(List.of(ghost));
            assertThat(socket.awaitFrame(ErrorFrame.class, e -> ghost.equals(e.ref()) || "not_found".equals(e.code()),
                    WAIT).code()).isEqualTo("not_found");
            socket.presence("sleepy");
            assertThat(socket.awaitFrame(ErrorFrame.class, e -> "invalid".equals(e.code()), WAIT).code())
                    .isEqualTo("invalid");
        }
    }

    @Test
    void typingReachesAConnectedPeerOnlyAndNeverHistory() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser offline = TestUser.register(gateway1, "Offline");
        DeliveryRecorder recorder = new DeliveryRecorder();
        String toOffline;
        try (CourierConnection aSocket = a.connect(gateway1); CourierConnection bSocket = b.connect(gateway2)) {
            // Typing goes only to someone one shares a conversation with (issue 19, finding 14): A writes first.
            toOffline = aSocket.sendText(offline.userId(), "are you there?");
            String hello = aSocket.sendText(b.userId(), "hello");
            bSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(hello), WAIT);
            aSocket.typing(offline.userId(), "composing");
            aSocket.typing(b.userId(), "composing");
            TypingFrame typing = bSocket.awaitFrame(TypingFrame.class, t -> t.from().equals(a.userId()), WAIT);
            assertThat(typing.state()).isEqualTo("composing");
            String message = aSocket.sendText(b.userId(), "done typing");
            String conversation = aSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(message), WAIT).conversationId();
            assertThat(gateway1.history(a.token(), conversation, null, 50).messages())
                    .extracting(MessageHistory.Item::id).as("newest first").containsExactly(message, hello);
            // Typing frames are not messages: each message reaches its recipient once, and nobody else.
            recorder.sent(a, hello, b).sent(a, message, b)
                    .device(a, "phone", aSocket).device(b, "phone", bSocket).awaitClean(WAIT);
        }
        try (CourierConnection late = offline.connect(gateway1)) {
            late.awaitFrame(MessageFrame.class, m -> m.id().equals(toOffline), WAIT);
            late.ping();
            late.awaitFrame(dev.courier.contracts.frames.PongFrame.class, p -> true, WAIT);
            assertThat(late.frames(TypingFrame.class)).as("typing is never queued for offline devices").isEmpty();
            recorder.sent(a, toOffline, offline).device(offline, "phone", late).awaitClean(WAIT);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void presenceAnswersStayRightAfterLastSeenServiceRestarts() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser away = TestUser.register(gateway1, "Away");
        try (CourierConnection aSocket = a.connect(gateway1)) {
            try (CourierConnection awaySocket = away.connect(gateway2)) {
                awaySocket.ping();
                awaySocket.awaitFrame(dev.courier.contracts.frames.PongFrame.class, p -> true, WAIT);
            }
            await().atMost(WAIT).until(() -> gateway1.presence(b.token(), a.userId()).online()
                    && gateway1.presence(b.token(), away.userId()).lastSeen() != null);
            long awayLastSeen = gateway1.presence(b.token(), away.userId()).lastSeen();

            stack.process("last-seen-service").kill();
            stack.restart("last-seen-service");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(gateway1.presence(b.token(), a.userId()).online()).isTrue();
                PresenceView awayNow = gateway1.presence(b.token(), away.userId());
                assertThat(awayNow.online()).isFalse();
                assertThat(awayNow.lastSeen()).isEqualTo(awayLastSeen);
            });
        }
    }
}

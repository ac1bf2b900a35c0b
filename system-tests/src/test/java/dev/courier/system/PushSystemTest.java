package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.testkit.push.ReceivedPush;
import dev.courier.testkit.push.TestPushService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1 "Push to devices that are not connected" through the real gateways, with a push service of the
 * test's own on loopback (the shared stack allows plain http there) that decrypts each push with the subscriber's key
 * (RFC 8291) and checks its VAPID signature against {@code GET /api/push/key} (RFC 8292).
 */
@Order(8)
class PushSystemTest extends SharedStackSystemTest {

    /** The contract's promise. */
    static final Duration PUSHED_WITHIN = Duration.ofSeconds(5);
    static final Duration ANSWER = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestPushService pushService;

    @BeforeAll
    static void startPushService() {
        pushService = new TestPushService();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @Test
    void aMessageToAUserWithNoConnectedDeviceIsPushedWithinFiveSecondsEncryptedAndSignedTextOnlyWithPreview() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway2, "Bob");
        TestUser carol = TestUser.register(gateway2, "Carol");
        var bobsPhone = subscribe(gateway2, bob, true);
        var carolsPhone = subscribe(gateway1, carol, false);
        String serverKey = JSON.readTree(gateway1.get("/api/push/key", alice.token()).body())
                .get("publicKey").asString();
        String text = "Are we still on for tonight? ".repeat(5);

        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            String toBob = aliceSocket.sendText(bob.userId(), text);
            String toCarol = aliceSocket.sendText(carol.userId(), text);
            awaitSent(aliceSocket, toBob);
            Instant stored = Instant.now();

            await().atMost(PUSHED_WITHIN).until(() -> !bobsPhone.received().isEmpty()
                    && !carolsPhone.received().isEmpty());
            assertThat(Duration.between(stored, Instant.now())).isLessThan(PUSHED_WITHIN);

            ReceivedPush push = bobsPhone.received().getFirst();
            assertThat(push.contentEncoding()).isEqualTo("aes128gcm");
            assertThat(push.urgency()).isEqualTo("high");
            assertThat(Long.parseLong(push.ttl())).isPositive();
            var claims = push.vapidClaims(serverKey);
            assertThat(claims.getAudience()).containsExactly(origin(bobsPhone.endpoint()));
            assertThat(claims.getSubject()).isNotBlank();
            assertThat(claims.getExpirationTime()).isInTheFuture()
                    .isBefore(Date.from(Instant.now().plus(Duration.ofHours(24))));
            JsonNode shown = JSON.readTree(push.plaintext());
            assertThat(shown.get("type").asString()).isEqualTo("message");
            assertThat(shown.get("messageId").asString()).isEqualTo(toBob);
            assertThat(shown.get("from").asString()).isEqualTo(alice.userId());
            assertThat(shown.get("fromName").asString()).isEqualTo("Alice");
            assertThat(shown.get("text").asString()).isEqualTo(text.substring(0, 100));
            String conversation = shown.get("conversationId").asString();
            assertThat(gateway2.history(bob.token(), conversation, null, 10).messages())
                    .extracting(MessageHistory.Item::id).as("the push names the conversation of the message")
                    .contains(toBob);

            ReceivedPush withoutPreview = carolsPhone.received().getFirst();
            withoutPreview.vapidClaims(serverKey);
            JsonNode hidden = JSON.readTree(withoutPreview.plaintext());
            assertThat(hidden.get("messageId").asString()).isEqualTo(toCarol);
            assertThat(hidden.get("fromName").asString()).isEqualTo("Alice");
            assertThat(hidden.has("text")).as("no preview asked").isFalse();
        }
    }

    @Test
    void noPushWhileADeviceIsConnectedAndAPushServiceAnswering410LosesTheSubscription() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser dave = TestUser.register(gateway2, "Dave");
        TestUser erin = TestUser.register(gateway2, "Erin");
        TestUser frank = TestUser.register(gateway1, "Frank");
        var davesPhone = subscribe(gateway2, dave, false);
        var erinsPhone = subscribe(gateway2, erin, false);
        var franksPhone = subscribe(gateway1, frank, false);

        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection daveSocket = dave.connect(gateway2)) {
            await().atMost(ANSWER).until(() -> gateway1.presence(alice.token(), dave.userId()).online());
            String toDave = aliceSocket.sendText(dave.userId(), "you are here");
            daveSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(toDave), ANSWER);
            sendAndAwaitStored(aliceSocket, frank, "and you are not");
            await().atMost(PUSHED_WITHIN).until(() -> franksPhone.received().size() == 1);
            assertThat(davesPhone.received()).as("Dave's device is connected").isEmpty();

            erinsPhone.answer(410);
            sendAndAwaitStored(aliceSocket, erin, "hello?");
            await().atMost(PUSHED_WITHIN).until(() -> erinsPhone.received().size() == 1);
            sendAndAwaitStored(aliceSocket, frank, "a moment later");
            await().atMost(PUSHED_WITHIN).until(() -> franksPhone.received().size() == 2);

            sendAndAwaitStored(aliceSocket, erin, "still there?");
            sendAndAwaitStored(aliceSocket, frank, "and again");
            await().atMost(PUSHED_WITHIN).until(() -> franksPhone.received().size() == 3);
            assertThat(erinsPhone.received()).as("the 410 removed Erin's subscription").hasSize(1);
        }
    }

    @Test
    void endpointsOffTheAllowListAndBadKeysAreRefused() {
        TestUser grace = TestUser.register(gateway1, "Grace");
        var device = pushService.subscriber();
        String good = device.subscriptionJson(false);
        String offCurve = device.p256dh().substring(0, 80) + (device.p256dh().charAt(80) == 'A' ? "B" : "A")
                + device.p256dh().substring(81);
        List<String> refused = List.of(
                good.replace(device.endpoint(), "http://push.example.com/send/1"),
                good.replace(device.endpoint(), "http://192.168.1.10:8080/send/1"),
                good.replace(device.endpoint(), "https://push.example.com/send/1"),
                good.replace(device.endpoint(), "https://127.0.0.1/send/1"),
                good.replace(device.endpoint(), "garbage"),
                good.replace(device.p256dh(), offCurve),
                good.replace(device.p256dh(), "AAAA"),
                good.replace(device.auth(), "c2hvcnQ"),
                "{\"endpoint\":\"" + device.endpoint() + "\"}");
        for (String body : refused) {
            assertThat(gateway1.put("/api/me/push", body, grace.token()).status()).as(body).isEqualTo(400);
        }
        assertThat(gateway1.put("/api/me/push", good, null).status()).isEqualTo(401);
        assertThat(gateway1.put("/api/me/push", good, grace.token()).status()).isEqualTo(204);
        assertThat(gateway2.delete("/api/me/push", grace.token()).status()).isEqualTo(204);
    }

    private static TestPushService.Subscriber subscribe(CourierClient gateway, TestUser user, boolean preview) {
        var device = pushService.subscriber();
        assertThat(gateway.put("/api/me/push", device.subscriptionJson(preview), user.token()).status())
                .isEqualTo(204);
        return device;
    }

    /** Sends and waits for the {@code sent} receipt: message-service has stored it. */
    private static void sendAndAwaitStored(CourierConnection socket, TestUser to, String text) {
        awaitSent(socket, socket.sendText(to.userId(), text));
    }

    private static void awaitSent(CourierConnection socket, String messageId) {
        socket.awaitFrame(ReceiptFrame.class, r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(messageId),
                ANSWER);
    }

    private static String origin(String endpoint) {
        var uri = java.net.URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}

package dev.courier.lastseen;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import dev.courier.testkit.push.ReceivedPush;
import dev.courier.testkit.push.TestPushService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.courier.lastseen.PresenceTestKit.device;
import static dev.courier.lastseen.PresenceTestKit.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web Push (PROTOCOL.md v1.1, ADR 009) against real PostgreSQL and Kafka and a push service of the test's own on
 * loopback: the subscription store (one per device, replaced, removed, kept in the database), and what the push
 * service's answers do (404/410 remove the subscription; 429 and 5xx retried with backoff, for a bounded time).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.lastseen.push.allow-loopback-http=true",
        "courier.lastseen.push.debounce=100ms",
        "courier.lastseen.push.initial-backoff=200ms",
        "courier.lastseen.push.max-backoff=400ms",
        "courier.lastseen.push.retry-for=2s",
})
@Import(TestTokens.class)
@DirtiesContext // the restart test starts the service itself: this context must not run beside it
class PushIntegrationTest extends PresenceKitIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static TestPushService pushService;
    private static boolean warm;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @BeforeAll
    static void startPushService() {
        pushService = new TestPushService();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @BeforeEach
    void pushListenerReadsTheTopic() {
        // A new consumer group starts at the topic's end, so what is published before its first position is not its
        // to push: once per context, a probe message is sent until one is pushed.
        if (warm) {
            return;
        }
        await().atMost(PATIENCE).until(() -> !listeners.getListenerContainer("last-seen-push").getAssignedPartitions()
                .isEmpty());
        String probe = newUser();
        var device = pushService.subscriber();
        subscribe(probe, device, false);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            send(newUser(), probe, "probe");
            return !device.received().isEmpty();
        });
        warm = true;
    }

    @Test
    void aSubscriptionPerDeviceReplacedByTheNextRemovedByDeleteAndKeptInTheDatabase() {
        String user = newUser();
        String token = TestTokens.token(user);
        var first = pushService.subscriber();
        var second = pushService.subscriber();

        assertThat(kit.put(port, "/api/me/push", token, first.subscriptionJson(false)).statusCode()).isEqualTo(204);
        assertThat(kit.put(port, "/api/me/push", token, second.subscriptionJson(true)).statusCode()).isEqualTo(204);
        assertThat(endpoints(user)).as("one per device: the new one replaced it").containsExactly(second.endpoint());

        String other = newUser();
        assertThat(kit.put(port, "/api/me/push", TestTokens.token(other), second.subscriptionJson(false))
                .statusCode()).isEqualTo(204);
        assertThat(endpoints(user)).as("an endpoint belongs to the device that named it last").isEmpty();
        assertThat(endpoints(other)).containsExactly(second.endpoint());

        assertThat(kit.delete(port, "/api/me/push", TestTokens.token(other)).statusCode()).isEqualTo(204);
        assertThat(kit.delete(port, "/api/me/push", TestTokens.token(other)).statusCode()).isEqualTo(204);
        assertThat(endpoints(other)).isEmpty();
        assertThat(kit.put(port, "/api/me/push", null, first.subscriptionJson(false)).statusCode()).isEqualTo(401);

        JsonNode key = EventJson.MAPPER.readTree(kit.get(port, "/api/push/key", token).body());
        assertThat(java.util.Base64.getUrlDecoder().decode(key.get("publicKey").asString())).hasSize(65)
                .startsWith((byte) 4);
    }

    @Test
    void endpointsOffTheAllowListAndKeysThatAreNoP256PointAnd16ByteSecretAreRefused() {
        String user = newUser();
        String token = TestTokens.token(user);
        var device = pushService.subscriber();
        String good = device.subscriptionJson(false);
        String offCurve = device.p256dh().substring(0, 80) + (device.p256dh().charAt(80) == 'A' ? "B" : "A")
                + device.p256dh().substring(81);
        List<String> refused = List.of(
                good.replace(device.endpoint(), "http://push.example.com/x"),
                good.replace(device.endpoint(), "http://10.0.0.1/x"),
                good.replace(device.endpoint(), "https://evil.example.com/x"),
                good.replace(device.endpoint(), "https://fcm.googleapis.com.evil.example/x"),
                good.replace(device.endpoint(), "ftp://127.0.0.1/x"),
                good.replace(device.endpoint(), "not a url"),
                good.replace(device.endpoint(), "https://user@fcm.googleapis.com/x"),
                good.replace(device.p256dh(), offCurve),
                good.replace(device.p256dh(), device.p256dh().substring(0, 86)),
                good.replace(device.p256dh(), "!!"),
                good.replace(device.auth(), device.auth().substring(0, 20)),
                "{\"endpoint\":\"" + device.endpoint() + "\"}",
                "{}",
                "not json");
        for (String body : refused) {
            assertThat(kit.put(port, "/api/me/push", token, body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(endpoints(user)).isEmpty();
        assertThat(kit.put(port, "/api/me/push", token, good.replace(device.endpoint(),
                "https://fcm.googleapis.com/fcm/send/abc")).statusCode()).as("a known push service").isEqualTo(204);
        assertThat(kit.put(port, "/api/me/push", token, good.replace(device.endpoint(),
                "https://wns2-par02p.notify.windows.com/w/?token=x")).statusCode()).as("*.notify.windows.com")
                .isEqualTo(204);
    }

    @Test
    void aDeviceThatLogsOutOrAnAccountDeactivatedLosesItsSubscriptions() {
        String loggedOut = newUser();
        String deactivated = newUser();
        subscribe(loggedOut, pushService.subscriber(), true);
        subscribe(deactivated, pushService.subscriber(), true);

        kit.publish(Topics.ACCOUNTS, loggedOut, new DeviceLoggedOut(UUID.randomUUID(), Instant.now(), loggedOut,
                "device-1"));
        kit.publish(Topics.ACCOUNTS, deactivated, new AccountDeactivated(UUID.randomUUID(), Instant.now(),
                deactivated));

        await().atMost(PATIENCE).until(() -> endpoints(loggedOut).isEmpty() && endpoints(deactivated).isEmpty());
    }

    @Test
    void aPushServiceAnswering404Or410LosesTheSubscription() {
        String sender = newUser();
        for (int gone : new int[] {404, 410}) {
            String recipient = newUser();
            var device = pushService.subscriber().answer(gone);
            subscribe(recipient, device, false);

            send(sender, recipient, "hello");

            await().atMost(PATIENCE).until(() -> endpoints(recipient).isEmpty());
            assertThat(device.received()).hasSize(1);
        }
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedWithBackoffUntilDelivered() {
        String sender = newUser();
        String recipient = newUser();
        var device = pushService.subscriber().answer(503, 500).answerRetryAfter(429, 1);
        subscribe(recipient, device, true);

        String messageId = send(sender, recipient, "are you there?");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(device.received()).hasSize(4));
        assertThat(device.received()).extracting(push -> EventJson.MAPPER.readTree(push.plaintext()).get("messageId")
                .asString()).as("the same push each time").containsOnly(messageId);
        assertThat(endpoints(recipient)).containsExactly(device.endpoint());
    }

    @Test
    void retriesStopWhenRetryForHasPassed() {
        String sender = newUser();
        String recipient = newUser();
        var device = pushService.subscriber().answer(500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
                500, 500, 500, 500, 500, 500, 500);
        subscribe(recipient, device, false);
        double expiredBefore = expired();

        send(sender, recipient, "anyone?");

        await().atMost(PATIENCE).until(() -> expired() > expiredBefore);
        int tries = device.received().size();
        // 2 s of retries from 200 ms doubling to 400 ms: about six tries, and never twenty.
        assertThat(tries).isBetween(3, 10);
        assertThat(endpoints(recipient)).as("a failing push service does not cost the subscription")
                .containsExactly(device.endpoint());
    }

    @Test
    void nothingIsPushedToAUserWithAConnectedDeviceOrFromASenderItBlocks() {
        String sender = newUser();
        String blocked = newUser();
        String connected = newUser();
        String blocker = newUser();
        String control = newUser();
        var connectedDevice = pushService.subscriber();
        var blockerDevice = pushService.subscriber();
        var controlDevice = pushService.subscriber();
        subscribe(connected, connectedDevice, false);
        subscribe(blocker, blockerDevice, false);
        subscribe(control, controlDevice, false);
        DeviceSession socket = device(connected);
        kit.publish(Topics.SESSIONS, connected, new SessionOpened(UUID.randomUUID(), Instant.now(), socket, false));
        await().atMost(PATIENCE).until(() -> kit.presenceOf(port, connected, connected).get("online").asBoolean());
        assertThat(kit.put(port, "/api/me/blocked/" + blocked, TestTokens.token(blocker), "").statusCode())
                .isEqualTo(204);

        send(sender, connected, "you are here");
        send(blocked, blocker, "let me in");
        String controlId = send(sender, control, "and you are not");

        await().atMost(PATIENCE).until(() -> controlDevice.received().size() == 1);
        assertThat(EventJson.MAPPER.readTree(controlDevice.received().getFirst().plaintext()).get("messageId")
                .asString()).isEqualTo(controlId);
        assertThat(connectedDevice.received()).isEmpty();
        assertThat(blockerDevice.received()).isEmpty();
    }

    @Test
    void aPushCarriesTheMessageEncryptedForTheDeviceSignedWithTheServersKeyAndTheTextOnlyWithPreview() {
        String sender = newUser();
        String withPreview = newUser();
        String without = newUser();
        var previewDevice = pushService.subscriber();
        var plainDevice = pushService.subscriber();
        subscribe(withPreview, previewDevice, true);
        subscribe(without, plainDevice, false);
        String serverKey = EventJson.MAPPER.readTree(kit.get(port, "/api/push/key", TestTokens.token(sender)).body())
                .get("publicKey").asString();
        String text = "x".repeat(150);

        String first = send(sender, withPreview, text);
        String second = send(sender, without, text);

        await().atMost(PATIENCE).until(() -> previewDevice.received().size() == 1
                && plainDevice.received().size() == 1);
        ReceivedPush push = previewDevice.received().getFirst();
        assertThat(push.contentEncoding()).isEqualTo("aes128gcm");
        assertThat(push.urgency()).isEqualTo("high");
        assertThat(Long.parseLong(push.ttl())).isPositive();
        var claims = push.vapidClaims(serverKey);
        assertThat(claims.getAudience()).containsExactly("http://127.0.0.1:" + java.net.URI.create(
                previewDevice.endpoint()).getPort());
        assertThat(claims.getSubject()).startsWith("mailto:");
        assertThat(claims.getExpirationTime()).isInTheFuture()
                .isBefore(java.util.Date.from(Instant.now().plus(Duration.ofHours(24))));
        JsonNode shown = EventJson.MAPPER.readTree(push.plaintext());
        assertThat(shown.get("type").asString()).isEqualTo("message");
        assertThat(shown.get("messageId").asString()).isEqualTo(first);
        assertThat(shown.get("conversationId").asString()).isEqualTo("c-" + first);
        assertThat(shown.get("from").asString()).isEqualTo(sender);
        assertThat(shown.get("fromName").asString()).isEqualTo("User");
        assertThat(shown.get("text").asString()).isEqualTo("x".repeat(100));

        JsonNode hidden = EventJson.MAPPER.readTree(plainDevice.received().getFirst().plaintext());
        assertThat(hidden.get("messageId").asString()).isEqualTo(second);
        assertThat(hidden.has("text")).isFalse();
        plainDevice.received().getFirst().vapidClaims(serverKey);
    }

    private void subscribe(String userId, TestPushService.Subscriber device, boolean preview) {
        assertThat(kit.put(port, "/api/me/push", TestTokens.token(userId), device.subscriptionJson(preview))
                .statusCode()).isEqualTo(204);
    }

    private static String send(String from, String to, String text) {
        String messageId = "m-" + UUID.randomUUID();
        String conversationId = "c-" + messageId;
        kit.publish(Topics.MESSAGES, conversationId, new SendAuthorized(UUID.randomUUID(), Instant.now(),
                device(from), messageId, Recipient.user(to), conversationId, List.of(to), MessageBody.text(text)));
        return messageId;
    }

    private List<String> endpoints(String userId) {
        return jdbc.sql("select endpoint from push_subscription where user_id = :userId")
                .param("userId", userId).query(String.class).list();
    }

    private double expired() {
        var counter = meters.find("courier.lastseen.push.requests").tag("outcome", "expired").counter();
        return counter == null ? 0 : counter.count();
    }
}

package dev.courier.lastseen;

import dev.courier.contracts.api.Visibility;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.UserBlocked;
import dev.courier.contracts.events.UserUnblocked;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ProfileFrame;
import dev.courier.contracts.frames.Recipient;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import dev.courier.testkit.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.courier.lastseen.PresenceTestKit.device;
import static dev.courier.lastseen.PresenceTestKit.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Block lists (PROTOCOL.md v1.1 "Blocking"), owned here, against real PostgreSQL and Kafka: the REST calls, the
 * events on {@code courier.blocks}, and what a blocked user no longer sees of its blocker (online, last seen, photo,
 * about; presence subscriptions and pushes).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.lastseen.write-interval=1s",
        "courier.lastseen.offline-grace=1s",
})
@Import(TestTokens.class)
@DirtiesContext // the restart test starts the service itself: this context must not run beside it
class BlockingIntegrationTest extends PresenceKitIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);


    @LocalServerPort
    int port;

    @Test
    void blockUnblockAndListAnswerAsTheProtocolSaysAndAnnounceEachChangeKeyedByTheBlocker() {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        String token = TestTokens.token(a);
        try (TopicProbe blocks = new TopicProbe(Topics.BLOCKS)) {
            assertThat(kit.get(port, "/api/me/blocked", token).body()).isEqualTo("{\"users\":[]}");
            assertThat(kit.put(port, "/api/me/blocked/" + b, token, "").statusCode()).isEqualTo(204);
            assertThat(kit.put(port, "/api/me/blocked/" + c, token, "").statusCode()).isEqualTo(204);
            assertThat(kit.put(port, "/api/me/blocked/" + b, token, "").statusCode()).as("again").isEqualTo(204);
            assertThat(kit.get(port, "/api/me/blocked", token).body())
                    .isEqualTo("{\"users\":[\"" + b + "\",\"" + c + "\"]}");

            var unknown = kit.put(port, "/api/me/blocked/u-nobody-" + UUID.randomUUID(), token, "");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).contains("application/problem+json"));
            assertThat(kit.put(port, "/api/me/blocked/" + a, token, "").statusCode()).as("oneself").isEqualTo(400);
            assertThat(kit.put(port, "/api/me/blocked/" + b, null, "").statusCode()).isEqualTo(401);
            assertThat(kit.get(port, "/api/me/blocked", null).statusCode()).isEqualTo(401);

            assertThat(kit.delete(port, "/api/me/blocked/" + b, token).statusCode()).isEqualTo(204);
            assertThat(kit.delete(port, "/api/me/blocked/" + b, token).statusCode()).as("not blocked").isEqualTo(204);
            assertThat(kit.get(port, "/api/me/blocked", token).body()).isEqualTo("{\"users\":[\"" + c + "\"]}");
            assertThat(kit.get(port, "/api/me/blocked", TestTokens.token(b)).body()).as("each user's own list")
                    .isEqualTo("{\"users\":[]}");

            blocks.awaitRecord(r -> r.value() instanceof UserUnblocked u && u.blockerId().equals(a)
                    && u.blockedId().equals(b) && blocks.records().stream()
                    .filter(x -> x.value() instanceof UserUnblocked y && y.blockerId().equals(a)).count() == 2);
            var mine = blocks.records().stream().filter(r -> a.equals(r.key())).toList();
            assertThat(mine).extracting(r -> r.value().getClass().getSimpleName() + " " + switch (r.value()) {
                case UserBlocked x -> x.blockedId();
                case UserUnblocked x -> x.blockedId();
                default -> "?";
            }).containsExactly("UserBlocked " + b, "UserBlocked " + c, "UserBlocked " + b, "UserUnblocked " + b,
                    "UserUnblocked " + b);
        }
    }

    @Test
    void aBlockedUserSeesNoneOfItsBlockersPresenceLastSeenPhotoOrAboutUntilTheUnblock() {
        String a = newUser();
        String b = newUser();
        String other = newUser();
        DeviceSession a1 = connected(a);
        await().atMost(PATIENCE).until(() -> kit.presenceOf(port, b, a).get("online").asBoolean());
        assertThat(visibility(a, b)).isEqualTo(new Visibility(true, true, true, true));
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"profilePhoto\":\"contacts\"}")
                .statusCode()).isEqualTo(204);

        assertThat(kit.put(port, "/api/me/blocked/" + b, TestTokens.token(a), "").statusCode()).isEqualTo(204);

        JsonNode seen = kit.presenceOf(port, b, a);
        assertThat(seen.get("online").asBoolean()).isFalse();
        assertThat(seen.get("lastSeen").isNull()).isTrue();
        assertThat(visibility(a, b)).as("auth-service and media-service hide photo and about on this answer")
                .isEqualTo(new Visibility(false, false, false, false));
        assertThat(kit.presenceOf(port, other, a).get("online").asBoolean()).as("others unaffected").isTrue();
        assertThat(visibility(a, other)).isEqualTo(new Visibility(true, true, false, true));
        assertThat(visibility(b, a)).as("the blocker still sees the blocked user")
                .isEqualTo(new Visibility(true, true, true, true));

        // Subscriptions: b gets nothing about a, now or on a change; another subscriber gets both.
        DeviceSession b1 = connected(b);
        DeviceSession other1 = connected(other);
        subscribe(b1, a);
        subscribe(other1, a);
        await().atMost(PATIENCE).until(() -> kit.presence(other1, a).size() == 1);
        kit.publish(Topics.SESSIONS, a, new SessionClosed(UUID.randomUUID(), now(), a1, "1000"));
        await().atMost(PATIENCE).until(() -> kit.presence(other1, a).size() == 2);
        assertThat(kit.presence(other1, a)).extracting(PresenceFrame::online).containsExactly(true, false);

        // A profile change reaches b (a's contact) without photo or about.
        kit.publish(Topics.COMMANDS, a, new SendRequested(UUID.randomUUID(), now(), device(a),
                "m-" + UUID.randomUUID(), Recipient.user(b), MessageBody.text("hi")));
        kit.publish(Topics.COMMANDS, a, new SendRequested(UUID.randomUUID(), now(), device(a),
                "m-" + UUID.randomUUID(), Recipient.user(other), MessageBody.text("hi")));
        // Both sends were read once other became a's contact (same partition, in order).
        await().atMost(PATIENCE).until(() -> visibility(a, other).profilePhoto());
        kit.publish(Topics.ACCOUNTS, a, new ProfileChanged(UUID.randomUUID(), now(), a, "Ann", "Hiking", "m-1"));
        await().atMost(PATIENCE).until(() -> kit.profiles(b1, a).size() == 1 && kit.profiles(other1, a).size() == 1);
        assertThat(kit.profiles(b1, a)).containsExactly(new ProfileFrame(a, "Ann", null, null));
        assertThat(kit.profiles(other1, a)).containsExactly(new ProfileFrame(a, "Ann", "Hiking", "m-1"));
        assertThat(kit.presence(b1, a)).as("no presence frame about its blocker, ever").isEmpty();

        // Unblocked: b sees a again, and its subscription (kept) works.
        assertThat(kit.delete(port, "/api/me/blocked/" + b, TestTokens.token(a)).statusCode()).isEqualTo(204);
        assertThat(visibility(a, b)).as("a contact now").isEqualTo(new Visibility(true, true, true, true));
        assertThat(kit.presenceOf(port, b, a).get("lastSeen").isNull()).isFalse();
        connected(a);
        await().atMost(PATIENCE).until(() -> kit.presence(b1, a).size() == 1);
        assertThat(kit.presence(b1, a).getFirst().online()).isTrue();
    }

    private Visibility visibility(String owner, String viewer) {
        var response = kit.get(port, "/internal/visibility/" + owner + "?viewer=" + viewer, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readValue(response.body(), Visibility.class);
    }

    private static DeviceSession connected(String userId) {
        DeviceSession session = device(userId);
        kit.publish(Topics.SESSIONS, userId, new SessionOpened(UUID.randomUUID(), now(), session, false));
        return session;
    }

    private static void subscribe(DeviceSession subscriber, String... users) {
        kit.publish(Topics.COMMANDS, subscriber.userId(), new PresenceSubscriptionRequested(UUID.randomUUID(), now(),
                subscriber, List.of(users)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

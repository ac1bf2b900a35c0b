package dev.courier.lastseen;

import dev.courier.contracts.api.Visibility;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ProfileFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.testkit.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
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
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * last-seen-service against real PostgreSQL and Kafka: the gateway's and parser's events in, {@code presence} and
 * {@code error} frames out on {@code courier.deliveries}, presence and privacy over HTTP. Here the grace is 2 s,
 * last seen is written at most every 2 s, and sessions have a 3 s lease.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.lastseen.write-interval=2s",
        "courier.lastseen.offline-grace=2s",
        "courier.lastseen.sessions.lease=3s",
        "courier.lastseen.sessions.sweep-interval=500ms",
})
@Import(TestTokens.class)
@DirtiesContext // the restart test starts the service itself: this context must not run beside it
class PresenceIntegrationTest extends PresenceKitIntegrationTest {

    private static final Duration PUSH = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(20);


    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @Test
    void answersHealthAndReadiness() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness"}) {
            var response = kit.get(port, path, TestTokens.token("anyone"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"UP\"");
        }
    }

    @Test
    void aSubscriberIsAnsweredAtOnceThenToldOfOnlineAndOfflineWithinASecond() {
        String a = newUser();
        String b = newUser();
        DeviceSession b1 = connected(b, false);
        DeviceSession b2 = connected(b, true);
        subscribe(b1, a);
        await().atMost(PATIENCE).until(() -> kit.presence(b1, a), frames -> !frames.isEmpty());
        assertThat(kit.presence(b1, a)).containsExactly(new PresenceFrame(a, false, null));
        assertThat(kit.routedTo(b1)).allSatisfy(r -> assertThat(r.target().userId()).isEqualTo(b));

        DeviceSession a1 = connected(a, false);
        await().atMost(PUSH).until(() -> kit.presence(b1, a).size() == 2 && kit.presence(b2, a).size() == 1);
        assertThat(kit.presence(b1, a).get(1).online()).isTrue();
        assertThat(kit.presence(b2, a)).as("every connected device of the subscriber")
                .extracting(PresenceFrame::online).containsExactly(true);
        assertThat(kit.presenceOf(port, b, a).get("online").asBoolean()).isTrue();

        Instant background = now();
        kit.publish(Topics.COMMANDS, a, new PresenceChangeRequested(UUID.randomUUID(), background, a1, "background"));
        await().atMost(PUSH).until(() -> kit.presence(b1, a).size() == 3);
        assertThat(kit.presence(b1, a).get(2)).isEqualTo(new PresenceFrame(a, false, background.toEpochMilli()));
        JsonNode seen = kit.presenceOf(port, b, a);
        assertThat(seen.get("userId").asString()).isEqualTo(a);
        assertThat(seen.get("online").asBoolean()).isFalse();
        assertThat(seen.get("lastSeen").asLong()).isEqualTo(background.toEpochMilli());
    }

    @Test
    void onlyWhatTheUserDoesFromTheBackgroundMovesLastSeen() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = connected(a, false);
        Instant wentBackground = now();
        kit.publish(Topics.COMMANDS, a, new PresenceChangeRequested(UUID.randomUUID(), wentBackground, a1,
                "background"));
        awaitLastSeen(b, a, wentBackground);

        kit.publish(Topics.COMMANDS, a, new ReceiptRequested(UUID.randomUUID(), now(), a1, ReceiptStatus.DELIVERED,
                List.of("m-" + UUID.randomUUID())));
        kit.publish(Topics.SESSIONS, a, new SessionClosed(UUID.randomUUID(), now(), a1, "1006"));
        DeviceSession a2 = connected(a, true);
        kit.publish(Topics.COMMANDS, a, new ReceiptRequested(UUID.randomUUID(), now(), a2, ReceiptStatus.DELIVERED,
                List.of("m-" + UUID.randomUUID())));
        Instant sent = now();
        kit.publish(Topics.COMMANDS, a, new SendRequested(UUID.randomUUID(), sent, a2, "m-" + UUID.randomUUID(),
                Recipient.user(b), MessageBody.text("from the background")));
        // the send is behind the system activity on the same partition: once it shows, the rest was read
        awaitLastSeen(b, a, sent);
        assertThat(kit.presenceOf(port, b, a).get("online").asBoolean()).isFalse();

        kit.publish(Topics.COMMANDS, a, new ReceiptRequested(UUID.randomUUID(), now(), a2, ReceiptStatus.READ,
                List.of("m-" + UUID.randomUUID())));
        await().atMost(PATIENCE).until(() -> kit.presenceOf(port, b, a).get("lastSeen").asLong() > sent.toEpochMilli());
    }

    @Test
    void aDisconnectGoesOfflineAfterTheGraceAndAQuickReconnectPushesNothing() {
        String a = newUser();
        String b = newUser();
        DeviceSession b1 = connected(b, false);
        subscribe(b1, a);
        DeviceSession a1 = connected(a, false);
        await().atMost(PATIENCE).until(() -> kit.presence(b1, a).size() == 2);

        // the connection dropped (no close frame): a reconnect may follow, so the grace applies
        kit.publish(Topics.SESSIONS, a, new SessionClosed(UUID.randomUUID(), now(), a1, "1006"));
        Instant reconnected = now();
        DeviceSession a2 = device(a);
        kit.publish(Topics.SESSIONS, a, new SessionOpened(UUID.randomUUID(), reconnected, a2, false));
        await().during(GRACE.plusSeconds(1)).atMost(GRACE.plusSeconds(5))
                .until(() -> kit.presence(b1, a).size() == 2);
        assertThat(kit.presenceOf(port, b, a).get("online").asBoolean()).isTrue();

        // a socket that went silent: the gateway closes it later, as of the last time it heard it
        Instant lastHeard = reconnected.plusMillis(1);
        kit.publish(Topics.SESSIONS, a, new SessionClosed(UUID.randomUUID(), lastHeard, a2, "heartbeat timeout"));
        await().atMost(GRACE.plus(PUSH)).until(() -> kit.presence(b1, a).size() == 3);
        assertThat(kit.presence(b1, a).get(2)).isEqualTo(new PresenceFrame(a, false, lastHeard.toEpochMilli()));
        assertThat(kit.presenceOf(port, b, a).get("online").asBoolean()).isFalse();
    }

    @Test
    void aClientThatClosesItsSocketItselfGoesOfflineAtOnceWithoutTheGrace() {
        String a = newUser();
        String b = newUser();
        DeviceSession b1 = connected(b, false);
        subscribe(b1, a);
        DeviceSession a1 = connected(a, false);
        await().atMost(PATIENCE).until(() -> kit.presence(b1, a).size() == 2);

        Instant closed = now();
        kit.publish(Topics.SESSIONS, a, new SessionClosed(UUID.randomUUID(), closed, a1, "1000 bye"));

        await().atMost(PUSH).until(() -> kit.presence(b1, a).size() == 3);
        assertThat(kit.presence(b1, a).get(2)).isEqualTo(new PresenceFrame(a, false, closed.toEpochMilli()));
    }

    @Test
    void theSessionsOfADeadGatewayGoOffline() {
        String a = newUser();
        String b = newUser();
        DeviceSession b1 = connected(b, false);
        subscribe(b1, a);
        String dying = "gw-dying-" + UUID.randomUUID();
        Instant lastHeartbeat = Instant.now();
        kit.heartbeat(dying, lastHeartbeat);
        DeviceSession a1 = device(a, dying);
        kit.publish(Topics.SESSIONS, a, new SessionOpened(UUID.randomUUID(), now(), a1, false));
        await().atMost(PATIENCE).until(() -> kit.presence(b1, a).size() == 2);

        await().atMost(PATIENCE).until(() -> kit.presence(b1, a).size() == 3);
        PresenceFrame offline = kit.presence(b1, a).get(2);
        assertThat(offline.online()).isFalse();
        assertThat(offline.lastSeen()).isBetween(lastHeartbeat.toEpochMilli() - 1_000,
                lastHeartbeat.toEpochMilli() + 2_000);
    }

    @Test
    void nobodyHidesLastSeenAndOnlineAndWhoHidesCannotSee() {
        String a = newUser();
        String b = newUser();
        connected(a, false);
        DeviceSession b1 = connected(b, false);
        Instant bSeen = now();
        kit.publish(Topics.COMMANDS, b, new PresenceChangeRequested(UUID.randomUUID(), bSeen, b1, "background"));
        awaitLastSeen(a, b, bSeen);

        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"nobody\"}").statusCode())
                .isEqualTo(204);
        JsonNode aSeenByB = kit.presenceOf(port, b, a);
        assertThat(aSeenByB.get("online").asBoolean()).as("A is online, but hides it").isFalse();
        assertThat(aSeenByB.get("lastSeen").isNull()).isTrue();
        assertThat(kit.presenceOf(port, a, b).get("lastSeen").isNull()).as("reciprocity").isTrue();
        assertThat(kit.presenceOf(port, a, a).get("online").asBoolean()).as("its own").isTrue();

        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"everyone\"}").statusCode())
                .isEqualTo(204);
        assertThat(kit.presenceOf(port, a, b).get("lastSeen").asLong()).isEqualTo(bSeen.toEpochMilli());
    }

    @Test
    void contactsSeeLastSeenStrangersDoNot() {
        String a = newUser();
        String contact = newUser();
        String stranger = newUser();
        DeviceSession a1 = connected(a, false);
        // Writing is user activity that moves last seen: the contact is made before the moment the test checks.
        makeContacts(a, contact);
        Instant seen = now();
        kit.publish(Topics.COMMANDS, a, new PresenceChangeRequested(UUID.randomUUID(), seen, a1, "background"));
        awaitLastSeen(stranger, a, seen);

        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"contacts\"}").statusCode())
                .isEqualTo(204);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(kit.presenceOf(port, contact, a).get("lastSeen").asLong()).isEqualTo(seen.toEpochMilli()));
        assertThat(kit.presenceOf(port, stranger, a).get("lastSeen").isNull()).isTrue();

        // reciprocity holds for contacts: the stranger who shows its last seen to its contacts only cannot see a's
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(stranger), "{\"lastSeen\":\"contacts\"}")
                .statusCode()).isEqualTo(204);
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"everyone\"}").statusCode())
                .isEqualTo(204);
        assertThat(kit.presenceOf(port, stranger, a).get("lastSeen").isNull()).isTrue();
        assertThat(kit.presenceOf(port, contact, a).get("lastSeen").asLong()).isEqualTo(seen.toEpochMilli());
    }

    /**
     * Issue 19, finding 3: a contact is someone the owner chose (wrote to), not someone who wrote to the owner. A
     * stranger's message to T, never answered, shows the stranger nothing of T under "contacts": no last seen, no
     * online state, no photo, no about, and no presence pushes. Once T answers, the stranger is T's contact.
     */
    @Test
    void aStrangerWhoWritesDoesNotBecomeAContact() {
        String t = newUser();
        String stranger = newUser();
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(t),
                "{\"lastSeen\":\"contacts\",\"profilePhoto\":\"contacts\",\"about\":\"contacts\"}").statusCode())
                .isEqualTo(204);
        makeContacts(stranger, t);
        DeviceSession watcher = connected(stranger, false);
        subscribe(watcher, t);
        // The message was read: the stranger chose t (that row, and only that one, is there).
        await().atMost(PATIENCE).until(() -> !jdbc.sql("select 1 from contact where user_id = :s and contact_id = :t")
                .param("s", stranger).param("t", t).query(Integer.class).list().isEmpty());

        assertThat(visibility(t, stranger)).isEqualTo(new Visibility(false, false, false, false));
        JsonNode seen = kit.presenceOf(port, stranger, t);
        assertThat(seen.get("online").asBoolean()).isFalse();
        assertThat(seen.get("lastSeen").isNull()).isTrue();
        DeviceSession t1 = connected(t, false);
        assertThat(kit.presenceOf(port, t, t).get("online").asBoolean()).isTrue();
        kit.publish(Topics.COMMANDS, t, new PresenceChangeRequested(UUID.randomUUID(), now(), t1, "background"));
        await().atMost(PATIENCE).until(() -> !kit.presenceOf(port, t, t).get("online").asBoolean());
        assertThat(kit.presence(watcher, t)).as("no pushes about t").allSatisfy(frame ->
                assertThat(frame.online()).isFalse());
        assertThat(kit.presence(watcher, t)).allSatisfy(frame -> assertThat(frame.lastSeen()).isNull());

        makeContacts(t, stranger);
        await().atMost(PATIENCE).until(() -> visibility(t, stranger).profilePhoto());
        assertThat(visibility(t, stranger)).isEqualTo(new Visibility(true, true, true, true));
    }

    @Test
    void badInputIsRefused() {
        String a = newUser();
        var bad = kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"friends\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("application/problem+json"));
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{}").statusCode()).isEqualTo(400);
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "nobody").statusCode()).isEqualTo(400);
        assertThat(kit.put(port, "/api/me/privacy", null, "{\"lastSeen\":\"nobody\"}").statusCode()).isEqualTo(401);
        assertThat(kit.get(port, "/api/presence/u-nobody-" + UUID.randomUUID(), TestTokens.token(a)).statusCode())
                .isEqualTo(404);

        DeviceSession a1 = connected(a, false);
        String ghost = "u-ghost-" + UUID.randomUUID();
        String real = newUser();
        kit.publish(Topics.COMMANDS, a, new PresenceSubscriptionRequested(UUID.randomUUID(), now(), a1,
                List.of(ghost, real)));
        await().atMost(PATIENCE).until(() -> !kit.errors(a1).isEmpty() && !kit.presence(a1, real).isEmpty());
        assertThat(kit.errors(a1)).extracting(ErrorFrame::code, ErrorFrame::ref)
                .containsExactly(tuple(ErrorFrame.NOT_FOUND, ghost));
    }

    @Test
    void profilePhotoAndAboutFollowTheirOwnSettingsWithoutReciprocity() {
        String a = newUser();
        String contact = newUser();
        String stranger = newUser();
        makeContacts(a, contact);
        assertThat(kit.get(port, "/api/me/privacy", TestTokens.token(a)).body())
                .isEqualTo("{\"lastSeen\":\"everyone\",\"profilePhoto\":\"everyone\",\"about\":\"everyone\"}");
        assertThat(visibility(a, stranger)).isEqualTo(new Visibility(true, true, true, true));

        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a),
                "{\"profilePhoto\":\"contacts\",\"about\":\"nobody\"}").statusCode()).isEqualTo(204);
        assertThat(kit.get(port, "/api/me/privacy", TestTokens.token(a)).body())
                .isEqualTo("{\"lastSeen\":\"everyone\",\"profilePhoto\":\"contacts\",\"about\":\"nobody\"}");
        await().atMost(PATIENCE).until(() -> visibility(a, contact).profilePhoto());
        assertThat(visibility(a, contact)).isEqualTo(new Visibility(true, true, true, false));
        assertThat(visibility(a, stranger)).isEqualTo(new Visibility(true, true, false, false));
        assertThat(visibility(a, a)).as("its own").isEqualTo(new Visibility(true, true, true, true));

        // Hiding one's own photo and about hides nobody else's from oneself (reciprocity is for last seen only).
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(stranger),
                "{\"profilePhoto\":\"nobody\",\"about\":\"nobody\",\"lastSeen\":\"nobody\"}").statusCode())
                .isEqualTo(204);
        assertThat(visibility(contact, stranger)).isEqualTo(new Visibility(false, true, true, true));
        assertThat(visibility(stranger, contact)).isEqualTo(new Visibility(false, false, false, false));

        // Only the field given changes; a bad value changes nothing.
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a), "{\"lastSeen\":\"contacts\"}")
                .statusCode()).isEqualTo(204);
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a),
                "{\"profilePhoto\":\"everyone\",\"about\":\"friends\"}").statusCode()).isEqualTo(400);
        assertThat(kit.get(port, "/api/me/privacy", TestTokens.token(a)).body())
                .isEqualTo("{\"lastSeen\":\"contacts\",\"profilePhoto\":\"contacts\",\"about\":\"nobody\"}");
        assertThat(kit.get(port, "/api/me/privacy", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aProfileChangeIsPushedToConnectedContactsAsEachMaySeeIt() {
        String a = newUser();
        String friend = newUser();
        String colleague = newUser();
        String stranger = newUser();
        makeContacts(a, friend);
        makeContacts(a, colleague);
        makeContacts(stranger, a); // writing to a makes nobody a's contact
        DeviceSession friend1 = connected(friend, false);
        DeviceSession friend2 = connected(friend, true);
        DeviceSession colleague1 = connected(colleague, false);
        DeviceSession stranger1 = connected(stranger, false);
        DeviceSession a2 = connected(a, false);
        assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(a),
                "{\"profilePhoto\":\"contacts\",\"about\":\"nobody\"}").statusCode()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> visibility(a, friend).profilePhoto()
                && visibility(a, colleague).profilePhoto());

        kit.publish(Topics.ACCOUNTS, a, new ProfileChanged(UUID.randomUUID(), now(), a, "Ann", "Hiking", "m-1"));

        await().atMost(PATIENCE).until(() -> kit.profiles(friend1, a).size() == 1
                && kit.profiles(friend2, a).size() == 1 && kit.profiles(colleague1, a).size() == 1
                && kit.profiles(a2, a).size() == 1);
        assertThat(kit.profiles(friend1, a)).containsExactly(new ProfileFrame(a, "Ann", null, "m-1"));
        assertThat(kit.profiles(friend2, a)).containsExactly(new ProfileFrame(a, "Ann", null, "m-1"));
        assertThat(kit.profiles(colleague1, a)).containsExactly(new ProfileFrame(a, "Ann", null, "m-1"));
        assertThat(kit.profiles(a2, a)).as("the user's own devices see all")
                .containsExactly(new ProfileFrame(a, "Ann", "Hiking", "m-1"));
        assertThat(kit.routedTo(friend1)).allSatisfy(r -> assertThat(r.target().userId()).isEqualTo(friend));
        assertThat(kit.profiles(stranger1, a)).as("not a contact").isEmpty();
    }

    @Test
    void lastSeenWritesAreCoalesced() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = connected(a, true);
        Instant last = now();
        for (int i = 29; i >= 0; i--) {
            kit.publish(Topics.COMMANDS, a, new TypingRequested(UUID.randomUUID(), last.minusMillis(i * 10L), a1,
                    Recipient.user(b), "composing"));
        }
        awaitLastSeen(b, a, last);
        await().atMost(PATIENCE).until(() -> writtenLastSeen(a), written -> written != null
                && written.equals(last.toEpochMilli()));
        long writes = jdbc.sql("select write_count from last_seen where user_id = :a").param("a", a)
                .query(Long.class).single();
        assertThat(writes).as("30 activities, at most one write per 2 s").isLessThanOrEqualTo(2);
    }

    private Long writtenLastSeen(String userId) {
        return jdbc.sql("select last_seen_at from last_seen where user_id = :userId")
                .param("userId", userId)
                .query((rs, row) -> rs.getObject("last_seen_at", java.time.OffsetDateTime.class)
                        .toInstant().toEpochMilli())
                .optional().orElse(null);
    }

    private void awaitLastSeen(String viewer, String userId, Instant expected) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode seen = kit.presenceOf(port, viewer, userId);
            assertThat(seen.get("lastSeen").isNull() ? null : seen.get("lastSeen").asLong())
                    .isEqualTo(expected.toEpochMilli());
        });
    }

    /** A direct message from sender to recipient: the sender chooses the recipient as a contact. */
    private static void makeContacts(String sender, String recipient) {
        kit.publish(Topics.COMMANDS, sender, new SendRequested(UUID.randomUUID(), now(), device(sender),
                "m-" + UUID.randomUUID(), Recipient.user(recipient), MessageBody.text("hi")));
    }

    private Visibility visibility(String owner, String viewer) {
        var response = kit.get(port, "/internal/visibility/" + owner + "?viewer=" + viewer, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return dev.courier.support.kafka.EventJson.MAPPER.readValue(response.body(), Visibility.class);
    }

    private static DeviceSession connected(String userId, boolean background) {
        DeviceSession session = device(userId);
        kit.publish(Topics.SESSIONS, userId, new SessionOpened(UUID.randomUUID(), now(), session, background));
        return session;
    }

    private static void subscribe(DeviceSession subscriber, String... users) {
        kit.publish(Topics.COMMANDS, subscriber.userId(), new PresenceSubscriptionRequested(UUID.randomUUID(), now(),
                subscriber, List.of(users)));
    }

    /** Millisecond precision, as the wire and the database keep it. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

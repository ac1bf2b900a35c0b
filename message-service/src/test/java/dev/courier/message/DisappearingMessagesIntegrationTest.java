package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.frames.ExpiredFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.SettingsFrame;
import dev.courier.message.store.MessageGraveyard;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disappearing messages through real Kafka and PostgreSQL: the timer set over HTTP (group admins asked of a fake
 * group-service), messages stored with {@code expiresAt}, deleted by the job within a second of it, {@code expired}
 * frames and notices, media released. Timers of a few seconds are allowed here
 * ({@code allow-any-seconds}); the job runs every 300 ms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.message.retry.initial-backoff=1s",
        "courier.message.retry.max-backoff=2s",
        "courier.message.retry.scan-interval=200ms",
        "courier.message.disappearing.scan-interval=300ms",
        "courier.message.disappearing.allow-any-seconds=true",
})
@Import(TestTokens.class)
@DirtiesContext // the other tests' contexts use the same consumer group with other settings
class DisappearingMessagesIntegrationTest extends MessageServiceIntegrationTest {

    /** group id → members; the first member is the admin. Ids starting with "down-" answer 500. */
    private static final FakeGroupService GROUP_SERVICE = FakeGroupService.start();

    @Autowired
    MeterRegistry meters;
    @Autowired
    MessageGraveyard graveyard;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void groupService(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.group-service[0].uri",
                GROUP_SERVICE::url);
    }

    @AfterAll
    static void stopGroupService() {
        GROUP_SERVICE.close();
    }

    @Test
    void theTimerIsForParticipantsAndGroupAdminsWithTheDocumentedErrors() throws Exception {
        String a = newUser();
        String b = newUser();
        String stranger = newUser();
        String direct = ConversationIds.direct(a, b);
        // Before its first message a direct chat does not exist here.
        assertThat(put(direct, "{\"seconds\":86400}", a).statusCode()).isEqualTo(404);
        DeviceSession a1 = device(a);
        String first = events.send(a1, b, "hello");
        awaitStored(first);

        assertThat(put(direct, "{\"seconds\":86400}", a).statusCode()).isEqualTo(204);
        assertThat(put(direct, "{\"seconds\":0}", b).statusCode()).isEqualTo(204);
        assertThat(problem(put(direct, "{\"seconds\":86400}", stranger), 403)).contains("participant");
        assertThat(put(direct, "{\"seconds\":-1}", a).statusCode()).isEqualTo(400);
        assertThat(problem(put(direct, "{\"seconds\":7776001}", a), 400)).contains("seconds");
        assertThat(put(direct, "{}", a).statusCode()).isEqualTo(400);
        assertThat(put(direct, "{\"seconds\":\"soon\"}", a).statusCode()).isEqualTo(400);
        assertThat(put(direct, "not json", a).statusCode()).isEqualTo(400);
        assertThat(put(direct, "{\"seconds\":86400}", null).statusCode()).isEqualTo(401);
        assertThat(put(UUID.randomUUID().toString(), "{\"seconds\":86400}", a).statusCode()).isEqualTo(404);
        assertThat(put("down-" + UUID.randomUUID(), "{\"seconds\":86400}", a).statusCode()).isEqualTo(503);

        String group = "group-" + UUID.randomUUID();
        String admin = newUser();
        String member = newUser();
        GROUP_SERVICE.put(group, List.of(admin, member));
        assertThat(problem(put(group, "{\"seconds\":604800}", member), 403)).contains("admin");
        assertThat(problem(put(group, "{\"seconds\":604800}", stranger), 403)).contains("member");
        DeviceSession m1 = device(member);
        online(m1);
        assertThat(put(group, "{\"seconds\":604800}", admin).statusCode()).isEqualTo(204);
        // Setting it again to the same value changes nothing.
        assertThat(put(group, "{\"seconds\":604800}", admin).statusCode()).isEqualTo(204);

        // The connected member gets the settings frame; the admin, offline, has it kept.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.frames(m1.sessionId()))
                .containsExactly(new SettingsFrame(group, 604800, admin)));
        assertThat(count("select count(*) from pending_notice where user_id = ? and frame like '%settings%'", admin))
                .isEqualTo(1);
        // Both changes of the direct chat and the one of the group are in the history, in seq order.
        JsonNode history = history(direct, a);
        assertThat(history.get("messages")).hasSize(3);
        assertThat(history.get("messages").get(0).get("body").get("system").get("seconds").asLong()).isZero();
        assertThat(history.get("messages").get(0).get("body").get("system").get("by").asString()).isEqualTo(b);
        assertThat(history.get("messages").get(1).get("body").get("system").get("seconds").asLong())
                .isEqualTo(86400);
        JsonNode groupHistory = history(group, member);
        assertThat(groupHistory.get("messages")).hasSize(1);
        assertThat(groupHistory.get("messages").get(0).get("body").get("system").get("event").asString())
                .isEqualTo("disappearing");
    }

    @Test
    void aMessageSentWhileTheTimerIsOnDisappearsForEveryoneAndFromTheTables() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        online(a1, b1);
        awaitStored(events.send(a1, b, "before the timer"));
        assertThat(put(ConversationIds.direct(a, b), "{\"seconds\":3}", a).statusCode()).isEqualTo(204);
        double disappearedBefore = meters.counter("courier.messages.disappeared").count();

        Instant sent = Instant.now();
        String doomed = events.send(a1, b, "gone in 3 s");
        await().atMost(PATIENCE).until(() -> !tap.messages(b1.sessionId()).stream()
                .filter(m -> m.id().equals(doomed)).toList().isEmpty());
        MessageFrame frame = tap.messages(b1.sessionId()).stream().filter(m -> m.id().equals(doomed)).findFirst()
                .orElseThrow();
        assertThat(frame.expiresAt()).isEqualTo(frame.sentAt() + 3_000);
        assertThat(tap.frames(a1.sessionId())).contains(new SettingsFrame(ConversationIds.direct(a, b), 3, a));
        assertThat(history(ConversationIds.direct(a, b), b).toString()).contains(doomed);

        ExpiredFrame expired = new ExpiredFrame(ConversationIds.direct(a, b), List.of(doomed));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(tap.frames(a1.sessionId())).contains(expired);
            assertThat(tap.frames(b1.sessionId())).contains(expired);
        });
        assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(count("select count(*) from message where client_id = ?", doomed)).isZero();
        assertThat(count("select count(*) from delivery d where not exists "
                + "(select 1 from message m where m.id = d.message_id)")).isZero();
        assertThat(history(ConversationIds.direct(a, b), b).toString()).doesNotContain(doomed)
                .contains("before the timer");
        assertThat(meters.counter("courier.messages.disappeared").count()).isGreaterThan(disappearedBefore);
        assertThat(meters.find("courier.messages.disappearing.lag").timer().count()).isPositive();
    }

    /**
     * Kafka hands a record over again when message-service died before committing its offset: a send replayed after
     * its message disappeared stores nothing, tells nobody, and the message does not come back (it did: a fault
     * scenario killed message-service just after a send, and the restart stored the disappeared message again).
     */
    @Test
    void aSendReplayedAfterItsMessageDisappearedDoesNotBringItBack() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        online(a1, b1);
        String conversation = ConversationIds.direct(a, b);
        awaitStored(events.send(a1, b, "before the timer"));
        assertThat(put(conversation, "{\"seconds\":2}", a).statusCode()).isEqualTo(204);

        SendAuthorized send = TestEvents.directSend(a1, UUID.randomUUID().toString(), b, "gone in 2 s");
        events.replay(send);
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).stream()
                .anyMatch(m -> m.id().equals(send.messageId())));
        long seq = tap.messages(b1.sessionId()).stream().filter(m -> m.id().equals(send.messageId())).findFirst()
                .orElseThrow().seq();
        ExpiredFrame expired = new ExpiredFrame(conversation, List.of(send.messageId()));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.frames(a1.sessionId())).contains(expired));

        events.replay(send);
        String marker = events.send(a1, b, "after the replay");
        awaitStored(marker);
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).stream().anyMatch(m -> m.id().equals(marker)));

        assertThat(count("select count(*) from message where client_id = ?", send.messageId())).isZero();
        assertThat(history(conversation, a).toString()).doesNotContain(send.messageId()).contains(marker);
        // Copies of the retry timer (nobody acknowledges here) are the same message; a stored replay has a new seq.
        assertThat(tap.messages(b1.sessionId())).filteredOn(m -> m.id().equals(send.messageId()))
                .extracting(MessageFrame::seq).containsOnly(seq);
        assertThat(tap.frames(a1.sessionId())).filteredOn(expired::equals).hasSize(1);
        assertThat(tap.frames(a1.sessionId())).filteredOn(ReceiptFrame.class::isInstance).map(ReceiptFrame.class::cast)
                .filteredOn(r -> r.messageId().equals(send.messageId()) && r.status() == ReceiptStatus.SENT)
                .hasSize(1);
    }

    @Test
    void goneIdsAreForgottenAfterAWeekNotBefore() {
        String weekOld = UUID.randomUUID().toString();
        String dayOld = UUID.randomUUID().toString();
        jdbc.sql("insert into gone_message (client_id, sender_id, gone_at) values (?, 'u', now() - interval '8 days'),"
                + " (?, 'u', now() - interval '1 day')").params(weekOld, dayOld).update();

        graveyard.forgetOld();

        assertThat(count("select count(*) from gone_message where client_id = ?", weekOld)).isZero();
        assertThat(count("select count(*) from gone_message where client_id = ?", dayOld)).isOne();
    }

    @Test
    void anOfflineRecipientNeverGetsItAndOneThatHadItIsToldWhenItConnects() throws Exception {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);
        DeviceSession c1 = device(c);
        online(a1, c1);
        awaitStored(events.send(a1, b, "hi b"));
        awaitStored(events.send(a1, c, "hi c"));
        assertThat(put(ConversationIds.direct(a, b), "{\"seconds\":2}", a).statusCode()).isEqualTo(204);
        assertThat(put(ConversationIds.direct(a, c), "{\"seconds\":2}", a).statusCode()).isEqualTo(204);

        String neverSeen = events.send(a1, b, "b is away");
        String seen = events.send(a1, c, "c reads it, then leaves");
        await().atMost(PATIENCE).until(() -> tap.messages(c1.sessionId()).stream().anyMatch(m -> m.id().equals(seen)));
        events.receipt(c1, ReceiptStatus.DELIVERED, seen);
        await().atMost(PATIENCE).until(() -> count("select count(*) from delivery d join message m on m.id = "
                + "d.message_id where m.client_id = ? and d.status = 'delivered'", seen) == 1);
        events.closed(c1);
        awaitSessionRemoved(c1);

        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id in (?, ?)",
                neverSeen, seen) == 0);
        assertThat(count("select count(*) from pending_notice where user_id = ? and frame like ?", b,
                "%" + neverSeen + "%")).isZero();
        assertThat(count("select count(*) from pending_notice where user_id = ? and frame like ?", c,
                "%" + seen + "%")).isEqualTo(1);

        DeviceSession b1 = device(b);
        DeviceSession c2 = device(c);
        online(b1, c2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.frames(c2.sessionId()))
                .contains(new ExpiredFrame(ConversationIds.direct(a, c), List.of(seen))));
        // b's flush has happened (it got the kept settings notice) and holds nothing of the disappeared message.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.frames(b1.sessionId()))
                .contains(new SettingsFrame(ConversationIds.direct(a, b), 2, a)));
        assertThat(tap.frames(b1.sessionId()).toString()).doesNotContain(neverSeen);
        assertThat(tap.receipts(a1.sessionId())).noneMatch(r -> r.messageId().equals(neverSeen)
                && r.status() != ReceiptStatus.SENT);
    }

    @Test
    void turningTheTimerOffKeepsOlderMessagesExpiry() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        awaitStored(events.send(a1, b, "first"));
        String conversation = ConversationIds.direct(a, b);
        assertThat(put(conversation, "{\"seconds\":2}", a).statusCode()).isEqualTo(204);
        String timed = events.send(a1, b, "timed");
        awaitStored(timed);
        assertThat(put(conversation, "{\"seconds\":0}", b).statusCode()).isEqualTo(204);
        String kept = events.send(a1, b, "kept");
        awaitStored(kept);
        assertThat(count("select count(*) from message where client_id = ? and expires_at is null", kept))
                .isEqualTo(1);

        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", timed) == 0);
        assertThat(history(conversation, a).toString()).contains(kept).doesNotContain(timed);
    }

    @Test
    void theMediaOfADisappearedImageIsReleasedUnlessAnotherMessageStillShowsIt() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        String onlyHere = "media-" + UUID.randomUUID();
        String sharedWithAKeptMessage = "media-" + UUID.randomUUID();
        awaitStored(events.sendImage(a1, newUser(), sharedWithAKeptMessage));
        awaitStored(events.send(a1, b, "first"));
        assertThat(put(ConversationIds.direct(a, b), "{\"seconds\":1}", a).statusCode()).isEqualTo(204);
        String image = events.sendImage(a1, b, onlyHere);
        String otherImage = events.sendImage(a1, b, sharedWithAKeptMessage);
        awaitStored(image);
        awaitStored(otherImage);
        assertThat(count("select count(*) from message where media_id = ?", onlyHere)).isEqualTo(1);

        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id in (?, ?)",
                image, otherImage) == 0);
        // Released in the deleting transaction: by now every release of these deletions is on the topic.
        List<MediaReleased> released = MediaTopic.released();
        assertThat(released).anyMatch(r -> r.mediaId().equals(onlyHere) && r.lastMessageId().equals(image));
        assertThat(released).noneMatch(r -> r.mediaId().equals(sharedWithAKeptMessage));
    }

    private void awaitStored(String clientId) {
        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", clientId) == 1);
    }

    private HttpResponse<String> put(String conversationId, String body, String caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/conversations/" + conversationId + "/disappearing"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Authorization", "Bearer " + TestTokens.token(caller));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ProblemDetail's detail, after checking the status. */
    private static String problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        return EventJson.MAPPER.readTree(response.body()).get("detail").asString();
    }

    private JsonNode history(String conversationId, String caller) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + conversationId + "/messages"))
                .header("Authorization", "Bearer " + TestTokens.token(caller)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }
}

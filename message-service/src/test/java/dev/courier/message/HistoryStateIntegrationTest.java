package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newGroup;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1, "State in history": the sender's own messages carry {@code status} in the history, as its
 * receipts say, and message info ({@code …/messages/{messageId}/receipts}) tells the sender when each recipient got
 * and read a message. Real Kafka and PostgreSQL; receipts come in as session-service publishes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.message.retry.initial-backoff=1s",
        "courier.message.retry.max-backoff=2s",
        "courier.message.retry.scan-interval=200ms",
        "courier.message.sessions.lease=3s",
        "courier.message.sessions.sweep-interval=1s",
})
@Import(TestTokens.class)
@DirtiesContext // the other integration tests' contexts use the same consumer group
class HistoryStateIntegrationTest extends MessageServiceIntegrationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDirectMessageShowsSentThenDeliveredThenReadInTheSendersHistory() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1);
        String conversation = ConversationIds.direct(a, b);
        String m = events.send(a1, b, "how are you?");
        String later = events.send(a1, b, "still there?");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.SENT)).hasSize(2));
        // A frame can be on Kafka a moment before its transaction commits: reads of the database wait for it.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(conversation, a, m)).isEqualTo("sent"));

        events.receipt(b1, ReceiptStatus.DELIVERED, m);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(conversation, a, m)).isEqualTo("delivered"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.DELIVERED))
                .extracting(ReceiptFrame::messageId).containsExactly(m));

        events.receipt(b1, ReceiptStatus.READ, m);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(conversation, a, m)).isEqualTo("read"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.READ))
                .extracting(ReceiptFrame::messageId).containsExactly(m));
        assertThat(statusIn(conversation, a, later)).isEqualTo("sent");
        // A late delivered receipt (another device of b) moves nothing back. Same reader, same partition: once the
        // receipt after it is applied, it was handled.
        events.receipt(b1, ReceiptStatus.DELIVERED, m);
        events.receipt(b1, ReceiptStatus.DELIVERED, later);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(conversation, a, later))
                .isEqualTo("delivered"));
        assertThat(statusIn(conversation, a, m)).isEqualTo("read");
    }

    @Test
    void aGroupMessageStaysSentUntilEveryMemberHasItThenFollowsTheAllReceipts() throws Exception {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession e1 = device(e);
        onlineAndReady(a1);
        String m = events.sendToGroup(a1, group, List.of(b, e), "hello both");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(group, a, m)).isEqualTo("sent"));

        events.receipt(b1, ReceiptStatus.DELIVERED, m);
        awaitDelivery(m, b, "delivered");
        assertThat(statusIn(group, a, m)).as("one of two members has it").isEqualTo("sent");

        events.receipt(e1, ReceiptStatus.DELIVERED, m);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(group, a, m)).isEqualTo("delivered"));

        events.receipt(e1, ReceiptStatus.READ, m);
        awaitDelivery(m, e, "read");
        assertThat(statusIn(group, a, m)).as("one of two members read it").isEqualTo("delivered");

        events.receipt(b1, ReceiptStatus.READ, m);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statusIn(group, a, m)).isEqualTo("read"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.READ))
                .filteredOn(r -> Boolean.TRUE.equals(r.all())).extracting(ReceiptFrame::messageId).containsExactly(m));
        // The members see the message without a status: it is not theirs.
        assertThat(item(history(group, b), m).has("status")).isFalse();
    }

    @Test
    void othersMessagesAndSystemMessagesCarryNoStatus() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        String conversation = ConversationIds.direct(a, b);
        String mine = events.send(a1, b, "mine");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.SENT)).hasSize(1));
        String theirs = events.send(b1, a, "theirs");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(b1, ReceiptStatus.SENT)).hasSize(1));
        events.receipt(a1, ReceiptStatus.READ, theirs);
        awaitDelivery(theirs, a, "read");
        assertThat(put("/api/conversations/" + conversation + "/disappearing", "{\"seconds\":86400}", a)
                .statusCode()).isEqualTo(204);

        JsonNode history = history(conversation, a);
        assertThat(history.get("messages")).hasSize(3);
        assertThat(item(history, mine).get("status").asString()).isEqualTo("sent");
        assertThat(item(history, theirs).has("status")).as("b's message, even though a read it").isFalse();
        JsonNode timerChange = history.get("messages").get(0);
        assertThat(timerChange.get("body").has("system")).isTrue();
        assertThat(timerChange.get("from").asString()).isEqualTo(a);
        assertThat(timerChange.has("status")).as("a system message is nobody's to receive").isFalse();
        // And from b's side: b's own message is read, a's has no status.
        JsonNode seenByB = history(conversation, b);
        assertThat(item(seenByB, theirs).get("status").asString()).isEqualTo("read");
        assertThat(item(seenByB, mine).has("status")).isFalse();
    }

    @Test
    void messageInfoGivesTheSenderEachRecipientsDeliveredAndReadTimes() throws Exception {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        String f = newUser();
        DeviceSession a1 = device(a);
        onlineAndReady(a1);
        String m = events.sendToGroup(a1, group, List.of(b, e, f), "who has it?");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.SENT)).hasSize(1));

        events.receipt(device(b), ReceiptStatus.DELIVERED, m);
        events.receipt(device(e), ReceiptStatus.READ, m);
        awaitDelivery(m, b, "delivered");
        awaitDelivery(m, e, "read");
        long bDelivered = await().atMost(PATIENCE).until(() -> receiptBy(a1, ReceiptStatus.DELIVERED, b),
                Objects::nonNull).at();
        long eRead = await().atMost(PATIENCE).until(() -> receiptBy(a1, ReceiptStatus.READ, e), Objects::nonNull)
                .at();

        HttpResponse<String> info = receiptsOf(group, m, a);
        assertThat(info.statusCode()).isEqualTo(200);
        List<Tuple> entries = new ArrayList<>();
        EventJson.MAPPER.readTree(info.body()).get("receipts").forEach(entry -> entries.add(tuple(
                entry.get("userId").asString(), millisOrNull(entry.get("deliveredAt")),
                millisOrNull(entry.get("readAt")))));
        assertThat(entries).containsExactlyInAnyOrder(
                tuple(b, bDelivered, null),
                tuple(e, eRead, eRead), // straight to read: read implies delivered, at that time
                tuple(f, null, null));
        assertThat(entries).extracting(entry -> (String) entry.toArray()[0]).isSorted();
        // Null times are there as null, not left out.
        assertThat(info.body()).contains("\"readAt\":null");

        // A direct message: one entry, the other user.
        String direct = events.send(a1, b, "and you alone?");
        String conversation = ConversationIds.direct(a, b);
        await().atMost(PATIENCE).until(() -> receiptsOf(conversation, direct, a).statusCode() == 200);
        JsonNode directInfo = EventJson.MAPPER.readTree(receiptsOf(conversation, direct, a).body());
        assertThat(directInfo.get("receipts")).hasSize(1);
        assertThat(directInfo.get("receipts").get(0).get("userId").asString()).isEqualTo(b);
        assertThat(directInfo.get("receipts").get(0).get("deliveredAt").isNull()).isTrue();
    }

    @Test
    void messageInfoIsForTheSenderOnlyAndNotFoundForAnIdNotInTheConversation() throws Exception {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);
        String conversation = ConversationIds.direct(a, b);
        String m = events.send(a1, b, "mine to tell");
        String toC = events.send(a1, c, "another conversation of a");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(a1, ReceiptStatus.SENT)).hasSize(2));
        await().atMost(PATIENCE).until(() -> receiptsOf(conversation, m, a).statusCode() == 200);
        await().atMost(PATIENCE).until(() -> receiptsOf(ConversationIds.direct(a, c), toC, a).statusCode() == 200);

        HttpResponse<String> recipient = receiptsOf(conversation, m, b);
        assertThat(recipient.statusCode()).as("a participant, but not the sender").isEqualTo(403);
        assertProblem(recipient);
        assertThat(receiptsOf(conversation, m, c).statusCode()).as("not a participant").isEqualTo(403);

        HttpResponse<String> unknown = receiptsOf(conversation, UUID.randomUUID().toString(), a);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertProblem(unknown);
        assertThat(receiptsOf(conversation, toC, a).statusCode()).as("a's message, of another conversation")
                .isEqualTo(404);
        assertThat(get("/api/conversations/" + conversation + "/messages/" + m + "/receipts", null).statusCode())
                .isEqualTo(401);
    }

    private void awaitDelivery(String clientId, String recipient, String status) {
        await().atMost(PATIENCE).until(() -> count("""
                select count(*) from delivery d join message m on m.id = d.message_id
                where m.client_id = ? and d.recipient_id = ? and d.status = ?""", clientId, recipient, status) == 1);
    }

    /** The receipt {@code by} a recipient, or null when the tap has not seen it yet. */
    private static ReceiptFrame receiptBy(DeviceSession session, ReceiptStatus status, String by) {
        return receipts(session, status).stream().filter(r -> by.equals(r.by())).findFirst().orElse(null);
    }

    private static List<ReceiptFrame> receipts(DeviceSession session, ReceiptStatus status) {
        return tap.receipts(session.sessionId()).stream().filter(r -> r.status() == status).toList();
    }

    /** The {@code status} of message {@code clientId} in {@code caller}'s history, or null when it has none. */
    private String statusIn(String conversationId, String caller, String clientId) throws Exception {
        JsonNode item = item(history(conversationId, caller), clientId);
        assertThat(item).as("message %s in the history", clientId).isNotNull();
        return item.has("status") ? item.get("status").asString() : null;
    }

    private static JsonNode item(JsonNode history, String clientId) {
        for (JsonNode item : history.get("messages")) {
            if (item.get("id").asString().equals(clientId)) {
                return item;
            }
        }
        return null;
    }

    private JsonNode history(String conversationId, String caller) throws Exception {
        HttpResponse<String> response = get("/api/conversations/" + conversationId + "/messages",
                TestTokens.token(caller));
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> receiptsOf(String conversationId, String clientId, String caller) throws Exception {
        return get("/api/conversations/" + conversationId + "/messages/" + clientId + "/receipts",
                TestTokens.token(caller));
    }

    private static Long millisOrNull(JsonNode node) {
        return node.isNull() ? null : node.asLong();
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(EventJson.MAPPER.readTree(response.body()).get("status").asInt())
                .isEqualTo(response.statusCode());
    }

    /** A {@code null} token sends no Authorization header. */
    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String json, String caller) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestTokens.token(caller))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
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

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1 "Blocking", message-service's part: a direct message session-service authorised withheld from
 * its recipient (who blocks the sender) is stored and answered {@code sent}, but never reaches the recipient: not
 * pushed, not retried, not flushed on connect, not after the unblock, not in its history or chat list, and no receipt
 * of the recipient's reaches the sender.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.message.retry.initial-backoff=300ms",
        "courier.message.retry.max-backoff=600ms",
        "courier.message.retry.scan-interval=100ms",
        "courier.message.sessions.lease=3s",
        "courier.message.sessions.sweep-interval=1s",
})
@Import(TestTokens.class)
@DirtiesContext // the other integration tests' contexts use the same consumer group
class BlockedSendsIntegrationTest extends MessageServiceIntegrationTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMessageWithheldFromItsRecipientIsStoredAndSentButNeverDeliveredEvenAfterTheUnblock() throws Exception {
        String blocker = newUser();
        String blocked = newUser();
        DeviceSession blockerPhone = device(blocker);
        DeviceSession blockedPhone = device(blocked);
        DeviceSession blockedLaptop = device(blocked);
        onlineAndReady(blockerPhone, blockedPhone, blockedLaptop);
        String conversation = ConversationIds.direct(blocker, blocked);
        String before = events.send(blockedPhone, blocker, "before the block");
        await().atMost(PATIENCE).until(() -> ids(tap.messages(blockerPhone.sessionId())).contains(before));

        String withheld = events.sendWithheld(blockedPhone, blocker, "while blocked");
        await().atMost(PATIENCE).until(() -> sentReceipt(blockedPhone, withheld) != null);
        assertThat(sentReceipt(blockedPhone, withheld).seq()).isEqualTo(2);
        assertThat(count("select count(*) from message where client_id = ? and withheld", withheld)).isEqualTo(1);
        assertThat(count("""
                select count(*) from delivery d join message m on m.id = d.message_id where m.client_id = ?""",
                withheld)).as("no delivery row: nothing to push, retry, flush or acknowledge").isZero();
        await().atMost(PATIENCE).until(() -> ids(tap.messages(blockedLaptop.sessionId())).contains(withheld));

        // The recipient acknowledging it anyway (it cannot know the id, but a client may guess) tells the sender nothing.
        events.receipt(blockerPhone, ReceiptStatus.DELIVERED, withheld);
        events.receipt(blockerPhone, ReceiptStatus.READ, withheld);
        // Reconnecting flushes what is pending (the retry timer, every 100 ms here, reads the same delivery rows).
        events.closed(blockerPhone);
        awaitSessionRemoved(blockerPhone);
        DeviceSession blockerTablet = device(blocker);
        onlineAndReady(blockerTablet);

        // After the unblock a new message goes through; the withheld one, earlier in the same conversation, never.
        String after = events.send(blockedPhone, blocker, "after the unblock");
        await().atMost(PATIENCE).until(() -> ids(tap.messages(blockerTablet.sessionId())).contains(after));
        events.receipt(blockerTablet, ReceiptStatus.READ, after);
        await().atMost(PATIENCE).until(() -> receipt(blockedPhone, after, ReceiptStatus.READ) != null);
        // "before" was never acknowledged by this device, so the retry timer (300 ms here) may have sent it again.
        assertThat(ids(tap.messages(blockerPhone.sessionId()))).containsOnly(before);
        assertThat(ids(tap.messages(blockerTablet.sessionId()))).doesNotContain(withheld);
        assertThat(tap.receipts(blockedPhone.sessionId())).filteredOn(r -> withheld.equals(r.messageId()))
                .extracting(ReceiptFrame::status).containsExactly(ReceiptStatus.SENT);

        assertThat(historyIds(conversation, blocker)).containsExactly(after, before);
        JsonNode senders = history(conversation, blocked);
        assertThat(senders.get("messages")).extracting(item -> item.get("id").asString())
                .containsExactly(after, withheld, before);
        assertThat(senders.get("messages").get(1).get("status").asString()).isEqualTo("sent");
        JsonNode chats = EventJson.MAPPER.readTree(get("/api/conversations", blocker).body());
        JsonNode chat = chats.get("conversations").get(0);
        assertThat(chat.get("lastMessage").get("id").asString()).isEqualTo(after);
        assertThat(chat.get("unread").asLong()).as("only 'before' is unread; the withheld one does not count")
                .isEqualTo(1);
    }

    @Test
    void aConversationOfWithheldMessagesOnlyIsNotInTheRecipientsChatList() throws Exception {
        String blocker = newUser();
        String blocked = newUser();
        DeviceSession blockedPhone = device(blocked);
        onlineAndReady(blockedPhone);
        String withheld = events.sendWithheld(blockedPhone, blocker, "hello?");
        await().atMost(PATIENCE).until(() -> sentReceipt(blockedPhone, withheld) != null);
        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", withheld) == 1);

        assertThat(EventJson.MAPPER.readTree(get("/api/conversations", blocker).body()).get("conversations"))
                .isEmpty();
        assertThat(get("/api/conversations/" + ConversationIds.direct(blocker, blocked) + "/messages", blocker)
                .statusCode()).as("not a participant of a chat it never received anything of").isEqualTo(403);
    }

    private static ReceiptFrame sentReceipt(DeviceSession sender, String clientId) {
        return receipt(sender, clientId, ReceiptStatus.SENT);
    }

    private static ReceiptFrame receipt(DeviceSession sender, String clientId, ReceiptStatus status) {
        return tap.receipts(sender.sessionId()).stream()
                .filter(r -> clientId.equals(r.messageId()) && r.status() == status)
                .findFirst().orElse(null);
    }

    private static List<String> ids(List<MessageFrame> frames) {
        return frames.stream().map(MessageFrame::id).toList();
    }

    private List<String> historyIds(String conversationId, String caller) throws Exception {
        List<String> ids = new ArrayList<>();
        history(conversationId, caller).get("messages").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private JsonNode history(String conversationId, String caller) throws Exception {
        HttpResponse<String> response = get("/api/conversations/" + conversationId + "/messages", caller);
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String caller) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestTokens.token(caller)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

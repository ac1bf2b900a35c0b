package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.message.receipts.ReceiptHandler;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newGroup;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The message path end to end through real Kafka and PostgreSQL: events in as the gateway and session-service
 * publish them, frames out on {@code courier.deliveries} as parser-service reads them, history over HTTP.
 * Retries are fast here (1 s, at most 2 s apart); the time to live stays long (see
 * {@link MessageExpiryIntegrationTest}). Sessions have a 3 s lease; {@link TestEvents#GATEWAY} heartbeats throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.message.retry.initial-backoff=1s",
        "courier.message.retry.max-backoff=2s",
        "courier.message.retry.scan-interval=200ms",
        "courier.message.sessions.lease=3s",
        "courier.message.sessions.sweep-interval=1s",
})
@Import(TestTokens.class)
@DirtiesContext // the expiry test's context uses the same consumer group with other settings
class MessageFlowIntegrationTest extends MessageServiceIntegrationTest {

    @Autowired
    ReceiptHandler receiptHandler;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void numbersEachConversationsMessagesWithoutGaps() {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);

        String m1 = events.send(a1, b, "one");
        String m2 = events.send(a1, b, "two");
        String m3 = events.send(a1, b, "three");
        String toC = events.send(a1, c, "another conversation");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sent(a1))
                .extracting(ReceiptFrame::messageId, ReceiptFrame::seq, ReceiptFrame::conversationId)
                .containsExactlyInAnyOrder(
                        tuple(m1, 1L, ConversationIds.direct(a, b)),
                        tuple(m2, 2L, ConversationIds.direct(a, b)),
                        tuple(m3, 3L, ConversationIds.direct(a, b)),
                        tuple(toC, 1L, ConversationIds.direct(a, c))));
        assertThat(sent(a1).stream().filter(r -> r.conversationId().equals(ConversationIds.direct(a, b))))
                .extracting(ReceiptFrame::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSendThatFailsToStoreGivesItsSeqBack() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        String m1 = events.send(a1, b, "one");
        // Longer than the client id column: the insert fails after the counter was taken, the record is dead-lettered.
        events.send(a1, "x".repeat(200), b, "never stored");
        String m2 = events.send(a1, b, "two");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sent(a1))
                .extracting(ReceiptFrame::messageId, ReceiptFrame::seq)
                .containsExactly(tuple(m1, 1L), tuple(m2, 2L)));
    }

    @Test
    void aRepeatedSendStoresNothingAndAnswersTheSameSeq() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);

        String m1 = events.send(a1, b, "one");
        String m2 = events.send(a1, b, "two");
        events.send(a1, m1, b, "one, sent again after a lost connection");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sent(a1))
                .extracting(ReceiptFrame::messageId, ReceiptFrame::seq)
                .containsExactly(tuple(m1, 1L), tuple(m2, 2L), tuple(m1, 1L)));
        assertThat(sent(a1).get(2).at()).isEqualTo(sent(a1).get(0).at());
        assertThat(count("select count(*) from message where sender_id = ? and client_id = ?", a, m1)).isEqualTo(1);
        assertThat(count("select count(*) from message where conversation_id = ?", ConversationIds.direct(a, b)))
                .isEqualTo(2);
        assertThat(count("select count(*) from delivery d join message m on m.id = d.message_id "
                + "where m.sender_id = ? and m.client_id = ?", a, m1)).isEqualTo(1);
    }

    @Test
    void pushesTheMessageToEveryOnlineDeviceOfTheRecipient() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession b2 = device(b);
        onlineAndReady(b1, b2);

        String m = events.send(a1, b, "hello");

        MessageFrame expected = new MessageFrame(m, ConversationIds.direct(a, b), a, Recipient.user(b), 1,
                0, MessageBody.text("hello"), null);
        for (DeviceSession device : List.of(b1, b2)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(device.sessionId()))
                    .isNotEmpty()
                    .first()
                    .usingRecursiveComparison().ignoringFields("sentAt")
                    .isEqualTo(expected));
        }
        ReceiptFrame receipt = sent(a1).getFirst();
        assertThat(tap.messages(b1.sessionId()).getFirst().sentAt()).isEqualTo(receipt.at());
        assertThat(tap.routedTo(b1.sessionId()).getFirst().target()).isEqualTo(b1);
    }

    @Test
    void anOfflineRecipientGetsAllItsPendingMessagesInSeqOrderWhenItConnects() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        List<String> ids = sendNumbered(a1, b, 4);
        assertThat(tap.messages(a1.sessionId())).isEmpty();

        DeviceSession b1 = device(b);
        events.opened(b1);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstSeen(tap.messages(b1.sessionId())))
                .extracting(MessageFrame::id, MessageFrame::seq)
                .containsExactly(tuple(ids.get(0), 1L), tuple(ids.get(1), 2L), tuple(ids.get(2), 3L),
                        tuple(ids.get(3), 4L)));
    }

    @Test
    void messagesSentWhileTheFlushOnConnectRunsDoNotOvertakeTheOlderOnes() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        int backlog = 400;
        IntStream.rangeClosed(1, backlog).forEach(i -> events.send(a1, b, "backlog " + i));
        awaitSent(a1, backlog);

        // Bob connects while Alice keeps writing: the flush of the backlog and the new sends run side by side.
        DeviceSession b1 = device(b);
        events.opened(b1);
        int more = 40;
        IntStream.rangeClosed(1, more).forEach(i -> events.send(a1, b, "live " + i));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstSeen(tap.messages(b1.sessionId())))
                .hasSize(backlog + more));
        assertThat(firstSeen(tap.messages(b1.sessionId()))).extracting(MessageFrame::seq)
                .as("seq in the order the device first saw each message").isSorted();
    }

    @Test
    void resendsUntilTheRecipientAcknowledgesThenStops() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);

        String m = events.send(a1, b, "are you there?");

        // The push, then resends 1 s and 2 s apart.
        awaitRoutedAtLeast(b1, m, 3);
        events.receipt(b1, ReceiptStatus.DELIVERED, m);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(a1.sessionId()))
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by)
                .contains(tuple(ReceiptStatus.DELIVERED, m, b)));
        await().atMost(PATIENCE).until(() -> status(a, m, b).equals("delivered"));
        Instant acknowledged = Instant.now();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                tap.routedTo(b1.sessionId()).stream()
                        .filter(routed -> routed.frame() instanceof MessageFrame frame && frame.id().equals(m))
                        .map(FrameRouted::at)
                        .noneMatch(at -> at.isAfter(acknowledged)));
    }

    @Test
    void theChatListShowsEachConversationWithItsNewestMessageAndUnreadCount() throws Exception {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession c1 = device(c);
        onlineAndReady(a1, b1, c1);
        String first = events.send(a1, b, "one");
        String second = events.send(a1, b, "two");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> status(a, second, b).equals("pending"));
        // Stored after the chat with a: the newest activity.
        String third = events.send(c1, b, "from c");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> status(c, third, b).equals("pending"));
        events.receipt(b1, ReceiptStatus.READ, first);
        await().atMost(PATIENCE).until(() -> status(a, first, b).equals("read"));

        HttpResponse<String> response = conversations(b);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = EventJson.MAPPER.readTree(response.body()).get("conversations");
        assertThat(list.size()).isEqualTo(2);
        JsonNode newest = list.get(0);
        assertThat(newest.get("conversationId").asString()).isEqualTo(ConversationIds.direct(b, c));
        assertThat(newest.get("lastMessage").get("id").asString()).isEqualTo(third);
        assertThat(newest.get("unread").asLong()).isEqualTo(1);
        JsonNode withA = list.get(1);
        assertThat(withA.get("kind").asString()).isEqualTo("direct");
        assertThat(withA.get("lastMessage").get("id").asString()).isEqualTo(second);
        assertThat(withA.get("unread").asLong()).as("one of two read").isEqualTo(1);
        List<String> participants = new ArrayList<>();
        withA.get("participants").forEach(user -> participants.add(user.asString()));
        assertThat(participants).containsExactlyInAnyOrder(a, b);

        HttpResponse<String> stranger = conversations(newUser());
        assertThat(EventJson.MAPPER.readTree(stranger.body()).get("conversations").size()).isZero();
    }

    @Test
    void theDeliveryTimelineShowsEveryStepWithTheRetriesAndIsForAdminsOnly() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);

        String m = events.send(a1, b, "timeline");
        // Not acknowledged at first: the push, then at least one resend by the retry timer.
        awaitRoutedAtLeast(b1, m, 2);
        events.receipt(b1, ReceiptStatus.DELIVERED, m);
        events.receipt(b1, ReceiptStatus.READ, m);
        await().atMost(PATIENCE).until(() -> status(a, m, b).equals("read"));

        HttpResponse<String> response = timeline(m, TestTokens.adminToken(newUser()));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode timeline = EventJson.MAPPER.readTree(response.body());
        assertThat(timeline.get("messageId").asString()).isEqualTo(m);
        assertThat(timeline.get("senderId").asString()).isEqualTo(a);
        List<String> steps = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        timeline.get("steps").forEach(step -> {
            steps.add(step.get("step").asString());
            times.add(Instant.parse(step.get("at").asString()));
            if (step.get("step").asString().equals("attempt")) {
                assertThat(step.get("userId").asString()).isEqualTo(b);
                assertThat(step.get("sessionId").asString()).isEqualTo(b1.sessionId());
                causes.add(step.get("detail").asString());
            }
        });
        assertThat(steps).startsWith("received", "parsed", "authorized", "stored").endsWith("delivered", "read");
        assertThat(causes).first().isEqualTo("push");
        assertThat(causes).as("resends before the delivered receipt").contains("retry");
        assertThat(times).isSorted();

        assertThat(timeline(m, TestTokens.token(a)).statusCode()).as("the sender is no admin").isEqualTo(403);
        assertThat(timeline(m, null).statusCode()).isEqualTo(401);
        assertThat(timeline("no-such-message", TestTokens.adminToken(a)).statusCode()).isEqualTo(404);
    }

    @Test
    void receiptsReachEveryDeviceOfTheSenderReadImpliesDeliveredAndNothingMovesBack() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession a2 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, a2);
        String m1 = events.send(a1, b, "one");
        String m2 = events.send(a1, b, "two");
        awaitSent(a1, 2);

        events.receipt(b1, ReceiptStatus.READ, m1);
        for (DeviceSession device : List.of(a1, a2)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(device))
                    .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by,
                            ReceiptFrame::conversationId)
                    .containsExactly(tuple(ReceiptStatus.READ, m1, b, ConversationIds.direct(a, b))));
        }
        assertThat(status(a, m1, b)).isEqualTo("read");
        assertThat(count("select count(*) from delivery d join message m on m.id = d.message_id "
                + "where m.client_id = ? and d.delivered_at is not null and d.read_at is not null", m1)).isEqualTo(1);

        // Neither goes back nor repeats; the receipt for m2 comes after them (same reader, same partition).
        events.receipt(b1, ReceiptStatus.DELIVERED, m1);
        events.receipt(b1, ReceiptStatus.READ, m1);
        events.receipt(b1, ReceiptStatus.DELIVERED, m2);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1))
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId)
                .containsExactly(tuple(ReceiptStatus.READ, m1), tuple(ReceiptStatus.DELIVERED, m2)));
        assertThat(status(a, m1, b)).isEqualTo("read");
        assertThat(status(a, m2, b)).isEqualTo("delivered");
    }

    @Test
    void ignoresReceiptsForMessagesTheReaderDidNotReceive() {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        String d = newUser();
        DeviceSession a1 = device(a);
        DeviceSession c1 = device(c);
        DeviceSession d1 = device(d);
        onlineAndReady(a1, d1);
        String toB = events.send(a1, b, "for b only");
        String toC = events.send(d1, c, "for c");
        awaitSent(a1, 1);
        awaitSent(d1, 1);

        events.receipt(c1, ReceiptStatus.READ, toB, toC, "no-such-message");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(d1))
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by)
                .containsExactly(tuple(ReceiptStatus.READ, toC, c)));
        assertThat(byReceipts(a1)).isEmpty();
        assertThat(status(a, toB, b)).isEqualTo("pending");
    }

    @Test
    void aReceiptForAnOfflineSenderWaitsAndIsFlushedWhenItConnects() {
        String a = newUser();
        String b = newUser();
        DeviceSession sendingSocket = device(a);
        DeviceSession b1 = device(b);
        String m = events.send(sendingSocket, b, "read this later");
        awaitSent(sendingSocket, 1);

        assertTheDeliveredReceiptWaitsForTheSendersNextDevice(b1, m, sendingSocket);
    }

    @Test
    void aReceiptForASenderWhoseGatewayDiedIsKeptAndFlushedWhenItReconnects() {
        String dying = "gw-dying-" + UUID.randomUUID();
        gateways.once(dying, Instant.now()); // and never again: killed with SIGKILL, no SessionClosed
        String a = newUser();
        String b = newUser();
        DeviceSession ghost = device(a, dying);
        DeviceSession b1 = device(b);
        onlineAndReady(ghost, b1);
        String m = events.send(ghost, b, "sent just before my gateway died");
        awaitSent(ghost, 1);

        awaitSessionRemoved(ghost);
        assertTheDeliveredReceiptWaitsForTheSendersNextDevice(b1, m, ghost);
    }

    @Test
    void aHeartbeatWithANewerStartRemovesTheSessionsOfTheGatewaysEarlierRun() {
        String restarting = "gw-restarting-" + UUID.randomUUID();
        Instant firstRun = Instant.now();
        gateways.start(restarting, firstRun);
        String a = newUser();
        DeviceSession beforeCrash = device(a, restarting);
        onlineAndReady(beforeCrash);

        Instant secondRun = Instant.now();
        gateways.start(restarting, secondRun); // it crashed and came back; it keeps heartbeating
        awaitSessionRemoved(beforeCrash);

        // A SessionOpened of the earlier run read only now is not recorded; one of the new run is.
        DeviceSession lateFromFirstRun = device(a, restarting);
        DeviceSession afterRestart = device(a, restarting);
        events.opened(lateFromFirstRun, firstRun.plusMillis(1));
        onlineAndReady(afterRestart);
        assertThat(count("select count(*) from device_session where session_id = ?", lateFromFirstRun.sessionId()))
                .isZero();
        gateways.stop(restarting);
    }

    @Test
    void historyIsForParticipantsNewestFirstAndPaged() throws Exception {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);
        List<String> ids = sendNumbered(a1, b, 5);
        String conversation = ConversationIds.direct(a, b);

        HttpResponse<String> all = history(conversation, "", a);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(seqs(all)).containsExactly(5L, 4L, 3L, 2L, 1L);
        JsonNode newest = EventJson.MAPPER.readTree(all.body()).get("messages").get(0);
        assertThat(newest.get("type").asString()).isEqualTo("message");
        assertThat(newest.get("id").asString()).isEqualTo(ids.get(4));
        assertThat(newest.get("from").asString()).isEqualTo(a);
        assertThat(newest.get("to").get("user").asString()).isEqualTo(b);
        assertThat(newest.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(newest.get("body").get("text").asString()).isEqualTo("message 5");
        assertThat(newest.has("expiresAt")).isFalse();

        assertThat(seqs(history(conversation, "?limit=2", a))).containsExactly(5L, 4L);
        assertThat(seqs(history(conversation, "?beforeSeq=4&limit=2", b))).containsExactly(3L, 2L);
        assertThat(seqs(history(conversation, "?beforeSeq=2", b))).containsExactly(1L);

        HttpResponse<String> stranger = history(conversation, "", c);
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(history("no-such-conversation", "", a).statusCode()).isEqualTo(403);
        assertThat(history(conversation, "?limit=0", a).statusCode()).isEqualTo(400);
        assertThat(history(conversation, "?limit=101", a).statusCode()).isEqualTo(400);
        assertThat(history(conversation, "", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theSendersOtherDevicesGetItsDirectMessageBestEffort() {
        String a = newUser();
        String b = newUser();
        DeviceSession laptop = device(a);
        DeviceSession phone = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(laptop, phone, b1);

        String m = events.send(laptop, b, "from my laptop");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(phone.sessionId()))
                .extracting(MessageFrame::id, MessageFrame::from, MessageFrame::to)
                .containsExactly(tuple(m, a, Recipient.user(b))));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(b1.sessionId()))
                .extracting(MessageFrame::id).contains(m));
        assertThat(tap.messages(laptop.sessionId())).isEmpty();
        assertThat(sent(laptop)).extracting(ReceiptFrame::messageId).containsExactly(m);
        // The sender's own copy has no delivery row: it is never retried.
        assertThat(count("select count(*) from delivery d join message m on m.id = d.message_id "
                + "where m.client_id = ?", m)).isEqualTo(1);
    }

    // Groups: session-service sends SendAuthorized with to = group, conversationId = group id and the members at
    // send time less the sender as recipients.

    @Test
    void aGroupMessageReachesEveryMembersDevicesAndTheSendersOtherDevicesAndNobodyElse() {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        String stranger = newUser();
        DeviceSession laptop = device(a);
        DeviceSession phone = device(a);
        DeviceSession b1 = device(b);
        DeviceSession b2 = device(b);
        DeviceSession e1 = device(e);
        DeviceSession s1 = device(stranger);
        onlineAndReady(laptop, phone, b1, b2, e1, s1);

        List<String> ids = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> events.sendToGroup(laptop, group, List.of(b, e), "hello group " + i))
                .toList();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sent(laptop))
                .extracting(ReceiptFrame::messageId, ReceiptFrame::seq, ReceiptFrame::conversationId)
                .containsExactly(tuple(ids.get(0), 1L, group), tuple(ids.get(1), 2L, group),
                        tuple(ids.get(2), 3L, group)));
        for (DeviceSession device : List.of(phone, b1, b2, e1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstSeen(tap.messages(device.sessionId())))
                    .extracting(MessageFrame::id, MessageFrame::seq, MessageFrame::conversationId, MessageFrame::from,
                            MessageFrame::to)
                    .containsExactly(tuple(ids.get(0), 1L, group, a, Recipient.group(group)),
                            tuple(ids.get(1), 2L, group, a, Recipient.group(group)),
                            tuple(ids.get(2), 3L, group, a, Recipient.group(group))));
        }
        assertThat(tap.messages(laptop.sessionId())).isEmpty();
        assertThat(tap.frames(s1.sessionId())).isEmpty();
        // Stored once per message, with one delivery per member.
        assertThat(count("select count(*) from message where conversation_id = ? and to_group = ?", group, group))
                .isEqualTo(3);
        assertThat(count("select count(*) from delivery d join message m on m.id = d.message_id "
                + "where m.conversation_id = ?", group)).isEqualTo(6);
        assertThat(count("select count(*) from conversation where id = ? and kind = 'group'", group)).isEqualTo(1);
    }

    @Test
    void anOfflineMemberGetsTheGroupsMessagesInSeqOrderWhenItConnects() {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        DeviceSession a1 = device(a);
        List<String> ids = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> events.sendToGroup(a1, group, List.of(b, e), "while you were away " + i))
                .toList();
        awaitSent(a1, 3);

        DeviceSession e1 = device(e);
        events.opened(e1);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstSeen(tap.messages(e1.sessionId())))
                .extracting(MessageFrame::id, MessageFrame::seq)
                .containsExactly(tuple(ids.get(0), 1L), tuple(ids.get(1), 2L), tuple(ids.get(2), 3L)));
    }

    @Test
    void theSenderGetsReceiptsByEachMemberAndExactlyOneAllReceiptPerStatus() {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession e1 = device(e);
        onlineAndReady(a1);
        String m1 = events.sendToGroup(a1, group, List.of(b, e), "delivered, then read");
        String m2 = events.sendToGroup(a1, group, List.of(b, e), "read straight away");
        String marker = events.sendToGroup(a1, group, List.of(b, e), "only e acknowledges this one");
        awaitSent(a1, 3);

        // B's and E's receipts take different partitions: each step waits for the one before.
        events.receipt(b1, ReceiptStatus.DELIVERED, m1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1)).hasSize(1));
        var lastDelivered = events.receipt(e1, ReceiptStatus.DELIVERED, m1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1)).hasSize(3));
        events.replay(lastDelivered);
        events.receipt(b1, ReceiptStatus.READ, m1, m2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1)).hasSize(5));
        // m2: B skipped delivered, so E's read completes both "all" receipts, delivered first.
        var lastRead = events.receipt(e1, ReceiptStatus.READ, m1, m2);
        events.replay(lastRead);
        events.replay(lastDelivered);
        // Same reader, same partition as the replays: once its receipt is seen, they were handled.
        events.receipt(e1, ReceiptStatus.DELIVERED, marker);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1))
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by, ReceiptFrame::all)
                .containsExactly(
                        tuple(ReceiptStatus.DELIVERED, m1, b, null),
                        tuple(ReceiptStatus.DELIVERED, m1, e, null),
                        tuple(ReceiptStatus.DELIVERED, m1, null, true),
                        tuple(ReceiptStatus.READ, m1, b, null),
                        tuple(ReceiptStatus.READ, m2, b, null),
                        tuple(ReceiptStatus.READ, m1, e, null),
                        tuple(ReceiptStatus.READ, m1, null, true),
                        tuple(ReceiptStatus.READ, m2, e, null),
                        tuple(ReceiptStatus.DELIVERED, m2, null, true),
                        tuple(ReceiptStatus.READ, m2, null, true),
                        tuple(ReceiptStatus.DELIVERED, marker, e, null)));
        assertThat(byReceipts(a1)).allSatisfy(receipt -> assertThat(receipt.conversationId()).isEqualTo(group));
    }

    @Test
    void twoLastReceiptsAtOnceGiveExactlyOneAllReceipt() throws Exception {
        String group = newGroup();
        String a = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(newUser());
        DeviceSession e1 = device(newUser());
        onlineAndReady(a1);
        String[] ids = IntStream.range(0, 20)
                .mapToObj(i -> events.sendToGroup(a1, group, List.of(b1.userId(), e1.userId()), "race " + i))
                .toArray(String[]::new);
        awaitSent(a1, ids.length);

        // Straight into the handler from two threads, as two instances (or partitions) would.
        var start = new CyclicBarrier(2);
        try (var threads = Executors.newFixedThreadPool(2)) {
            var both = List.of(b1, e1).stream().map(reader -> threads.submit(() -> {
                start.await();
                receiptHandler.handle(new ReceiptAuthorized(UUID.randomUUID(), Instant.now(), reader,
                        ReceiptStatus.DELIVERED, List.of(ids)));
                return null;
            })).toList();
            for (var done : both) {
                done.get(30, TimeUnit.SECONDS);
            }
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(a1)).hasSize(3 * ids.length));
        assertThat(byReceipts(a1)).filteredOn(receipt -> Boolean.TRUE.equals(receipt.all()))
                .extracting(ReceiptFrame::messageId)
                .containsExactlyInAnyOrder(ids);
    }

    @Test
    void membersGetOnlyWhatWasSentWhileTheyWereInTheGroupAndSoDoesTheirHistory() throws Exception {
        String group = newGroup();
        String a = newUser();
        String b = newUser();
        String removed = newUser();
        String added = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession r1 = device(removed);
        DeviceSession late1 = device(added);
        onlineAndReady(a1, b1, r1, late1);

        String before = events.sendToGroup(a1, group, List.of(b, removed), "before the change");
        // removed leaves, added joins
        String after1 = events.sendToGroup(a1, group, List.of(b, added), "after the change");
        String after2 = events.sendToGroup(a1, group, List.of(b, added), "and again");
        String fromAdded = events.sendToGroup(late1, group, List.of(a, b), "hi, I am new");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstSeen(tap.messages(b1.sessionId())))
                .extracting(MessageFrame::id).containsExactly(before, after1, after2, fromAdded));
        // Pending everywhere, so resent: once r1 got "before" again, the later ones would have reached it by now.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(r1.sessionId()))
                .extracting(MessageFrame::id).hasSizeGreaterThanOrEqualTo(2).containsOnly(before));
        DeviceSession r2 = device(removed);
        events.opened(r2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(r2.sessionId()))
                .extracting(MessageFrame::id).isNotEmpty().containsOnly(before));
        assertThat(firstSeen(tap.messages(late1.sessionId()))).extracting(MessageFrame::id)
                .containsExactly(after1, after2);

        assertThat(seqs(history(group, "", a))).containsExactly(4L, 3L, 2L, 1L);
        assertThat(seqs(history(group, "", b))).containsExactly(4L, 3L, 2L, 1L);
        assertThat(seqs(history(group, "", added))).containsExactly(4L, 3L, 2L);
        assertThat(seqs(history(group, "?limit=1", added))).containsExactly(4L);
        assertThat(seqs(history(group, "?beforeSeq=3", added))).containsExactly(2L);
        assertThat(seqs(history(group, "", removed))).containsExactly(1L);
        assertThat(history(group, "", newUser()).statusCode()).isEqualTo(403);
    }

    /** Sends "message 1" to "message {@code count}" in order, awaits their sent receipts; returns their client ids. */
    private List<String> sendNumbered(DeviceSession sender, String recipient, int count) {
        List<String> ids = IntStream.rangeClosed(1, count)
                .mapToObj(i -> events.send(sender, recipient, "message " + i))
                .toList();
        awaitSent(sender, count);
        return ids;
    }

    private static void awaitSent(DeviceSession sender, int count) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sent(sender)).hasSize(count));
    }

    /** Waits until {@code device} got {@code messageId} at least {@code times} times: the push, then resends. */
    private static void awaitRoutedAtLeast(DeviceSession device, String messageId, int times) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(device.sessionId()))
                .filteredOn(frame -> frame.id().equals(messageId)).hasSizeGreaterThanOrEqualTo(times));
    }

    /**
     * With no device of the sender connected, the reader's delivered receipt is kept for the sender as a notice, then
     * flushed to the sender's next device, and the notice dropped.
     */
    private void assertTheDeliveredReceiptWaitsForTheSendersNextDevice(DeviceSession reader, String messageId,
            DeviceSession unreachableSender) {
        String sender = unreachableSender.userId();
        events.receipt(reader, ReceiptStatus.DELIVERED, messageId);
        await().atMost(PATIENCE).until(() ->
                count("select count(*) from pending_notice where user_id = ?", sender) == 1);
        assertThat(byReceipts(unreachableSender)).isEmpty();

        DeviceSession nextDevice = device(sender);
        events.opened(nextDevice);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(byReceipts(nextDevice))
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by)
                .containsExactly(tuple(ReceiptStatus.DELIVERED, messageId, reader.userId())));
        await().atMost(PATIENCE).until(() ->
                count("select count(*) from pending_notice where user_id = ?", sender) == 0);
    }

    private static List<ReceiptFrame> sent(DeviceSession session) {
        return tap.receipts(session.sessionId()).stream().filter(r -> r.status() == ReceiptStatus.SENT).toList();
    }

    private static List<ReceiptFrame> byReceipts(DeviceSession session) {
        return tap.receipts(session.sessionId()).stream().filter(r -> r.status() != ReceiptStatus.SENT).toList();
    }

    /** Each message once, where it was first routed: resends may repeat one, but never before an earlier one. */
    private static List<MessageFrame> firstSeen(List<MessageFrame> frames) {
        List<String> seen = new ArrayList<>();
        List<MessageFrame> first = new ArrayList<>();
        for (MessageFrame frame : frames) {
            if (!seen.contains(frame.id())) {
                seen.add(frame.id());
                first.add(frame);
            }
        }
        return first;
    }

    private String status(String sender, String clientId, String recipient) {
        return jdbc.sql("select d.status from delivery d join message m on m.id = d.message_id "
                        + "where m.sender_id = ? and m.client_id = ? and d.recipient_id = ?")
                .params(sender, clientId, recipient)
                .query(String.class)
                .single();
    }

    private HttpResponse<String> conversations(String caller) throws Exception {
        return get("/api/conversations", TestTokens.token(caller));
    }

    private HttpResponse<String> timeline(String messageId, String token) throws Exception {
        return get("/api/admin/messages/" + messageId + "/timeline", token);
    }

    /** A {@code null} caller sends no token. */
    private HttpResponse<String> history(String conversationId, String query, String caller) throws Exception {
        return get("/api/conversations/" + conversationId + "/messages" + query,
                caller == null ? null : TestTokens.token(caller));
    }

    /** A {@code null} token sends no Authorization header. */
    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> seqs(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> seqs = new ArrayList<>();
        EventJson.MAPPER.readTree(response.body()).get("messages").forEach(item -> seqs.add(item.get("seq").asLong()));
        return seqs;
    }
}

package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One-to-one chat through the whole stack: two gateways and every service as its own process, real Kafka and
 * PostgreSQL, real WebSocket clients. Most journeys run with Alice on one gateway and Bob on the other.
 */
@Order(2)
class OneToOneChatSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "Bob on gateway {0}")
    @ValueSource(ints = {1, 2})
    void aliceAndBobChatWithSentDeliveredAndReadReceipts(int bobsGateway) {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(bobsGateway == 1 ? gateway1 : gateway2).autoAckDelivered(false)) {

            String id = aliceSocket.sendText(bob.userId(), "hi Bob");

            ReceiptFrame sent = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT);
            assertThat(sent.seq()).isEqualTo(1L);
            MessageFrame message = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            assertThat(message.from()).isEqualTo(alice.userId());
            assertThat(message.body().text()).isEqualTo("hi Bob");
            assertThat(message.seq()).isEqualTo(1L);
            assertThat(message.conversationId()).isEqualTo(sent.conversationId());
            assertThat(message.to().user()).isEqualTo(bob.userId());

            bobSocket.receipt("delivered", List.of(id));
            ReceiptFrame delivered = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.DELIVERED && r.messageId().equals(id), WAIT);
            assertThat(delivered.by()).isEqualTo(bob.userId());

            bobSocket.receipt("read", List.of(id));
            ReceiptFrame read = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.READ && r.messageId().equals(id), WAIT);
            assertThat(read.by()).isEqualTo(bob.userId());
            assertThat(read.conversationId()).isEqualTo(sent.conversationId());

            new DeliveryRecorder().sent(alice, id, bob)
                    .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).assertClean();
        }
    }

    @Test
    void offlineRecipientGetsAllFiftyInSeqOrderWhenItConnects() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                ids.add(aliceSocket.sendText(bob.userId(), "message " + i));
            }
            await().atMost(WAIT).until(() -> sentIds(aliceSocket).containsAll(ids));

            try (CourierConnection bobSocket = bob.connect(gateway2)) {
                await().atMost(WAIT).until(() -> bobSocket.distinctMessages().size() == 50);
                List<MessageFrame> received = bobSocket.distinctMessages();
                assertThat(received).extracting(MessageFrame::seq)
                        .containsExactlyElementsOf(sequence(1, 50));
                assertThat(received).extracting(MessageFrame::id).containsExactlyElementsOf(ids);

                await().atMost(WAIT).until(() -> receiptIds(aliceSocket, ReceiptStatus.DELIVERED).containsAll(ids));
                new DeliveryRecorder().sent(alice, ids, bob)
                        .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).assertClean();
            }
        }
    }

    @Test
    void resendingAnIdAfterReconnectingStoresOneMessageAndAnswersTheSameSeq() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        String id = java.util.UUID.randomUUID().toString();
        DeliveryRecorder recorder = new DeliveryRecorder();
        long firstSeq;
        try (CourierConnection first = alice.connect(gateway1)) {
            recorder.device(alice, "phone", first).sent(alice, first.sendText(bob.userId(), "warm up"), bob);
            first.sendText(id, bob.userId(), "only once");
            firstSeq = first.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT).seq();
        }
        try (CourierConnection second = alice.connect(gateway2)) {
            recorder.device(alice, "phone", second).sent(alice, id, bob);
            second.sendText(id, bob.userId(), "only once");
            ReceiptFrame again = second.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT);
            assertThat(again.seq()).isEqualTo(firstSeq);

            String next = second.sendText(bob.userId(), "after the retry");
            ReceiptFrame nextSent = second.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(next), WAIT);
            assertThat(nextSent.seq()).as("no seq was used by the duplicate").isEqualTo(firstSeq + 1);

            var history = gateway1.history(alice.token(), again.conversationId(), null, 50).messages();
            assertThat(history).extracting(MessageHistory.Item::id).containsOnlyOnce(id);
            assertThat(history).hasSize(3);

            recorder.sent(alice, next, bob);
            try (CourierConnection bobSocket = bob.connect(gateway1)) {
                await().atMost(WAIT).until(() -> bobSocket.distinctMessages().size() == 3);
                recorder.device(bob, "phone", bobSocket).assertClean();
            }
        }
    }

    @Test
    void anUnacknowledgedMessageComesAgainOnTheRetryTimerAndStopsOnceAcknowledged() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2).autoAckDelivered(false)) {
            String id = aliceSocket.sendText(bob.userId(), "are you there?");

            await().atMost(WAIT).until(() -> copiesOf(bobSocket, id) >= 2);

            bobSocket.receipt("delivered", List.of(id));
            aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.DELIVERED && r.messageId().equals(id), WAIT);
            long copiesAtAck = copiesOf(bobSocket, id);
            // The retry backoff is 2-4 s here: ten quiet seconds would have seen at least two more copies.
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                    .until(() -> copiesOf(bobSocket, id) <= copiesAtAck + 1);
            new DeliveryRecorder().sent(alice, id, bob)
                    .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).assertClean();
        }
    }

    @Test
    void bothOfBobsDevicesGetTheMessageAndAliceHearsDeliveredOnTheFirstAck() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bobPhone = TestUser.register(gateway1, "Bob");
        TestUser bobLaptop = bobPhone.anotherDevice(gateway1);
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection phone = bobPhone.connect(gateway1).autoAckDelivered(false);
             CourierConnection laptop = bobLaptop.connect(gateway2).autoAckDelivered(false)) {
            String id = aliceSocket.sendText(bobPhone.userId(), "to all your devices");

            phone.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            laptop.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            assertThat(receiptIds(aliceSocket, ReceiptStatus.DELIVERED)).doesNotContain(id);

            laptop.receipt("delivered", List.of(id));
            ReceiptFrame delivered = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.DELIVERED && r.messageId().equals(id), WAIT);
            assertThat(delivered.by()).isEqualTo(bobPhone.userId());
            new DeliveryRecorder().sent(alice, id, bobPhone).device(alice, "phone", aliceSocket)
                    .device(bobPhone, "phone", phone).device(bobLaptop, "laptop", laptop).assertClean();
        }
    }

    @Test
    void historyIsNewestFirstAndOnlyForParticipants() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser eve = TestUser.register(gateway1, "Eve");
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            List<String> ids = List.of(aliceSocket.sendText(bob.userId(), "one"),
                    aliceSocket.sendText(bob.userId(), "two"), aliceSocket.sendText(bob.userId(), "three"));
            await().atMost(WAIT).until(() -> sentIds(aliceSocket).containsAll(ids));
            String conversationId = aliceSocket.frames(ReceiptFrame.class).getFirst().conversationId();

            var page = gateway2.history(bob.token(), conversationId, 3L, 10).messages();
            assertThat(page).extracting(MessageHistory.Item::seq).containsExactly(2L, 1L);
            assertThat(gateway1.get("/api/conversations/" + conversationId + "/messages", eve.token()).status())
                    .isEqualTo(403);
            assertThat(gateway1.get("/api/conversations/" + conversationId + "/messages", null).status())
                    .isEqualTo(401);

            try (CourierConnection bobSocket = bob.connect(gateway2)) {
                await().atMost(WAIT).until(() -> bobSocket.distinctMessages().size() == 3);
                new DeliveryRecorder().sent(alice, ids, bob)
                        .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).assertClean();
            }
        }
    }

    static Set<String> sentIds(CourierConnection socket) {
        return receiptIds(socket, ReceiptStatus.SENT);
    }

    static Set<String> receiptIds(CourierConnection socket, ReceiptStatus status) {
        return socket.frames(ReceiptFrame.class).stream()
                .filter(r -> r.status() == status)
                .map(ReceiptFrame::messageId)
                .collect(Collectors.toSet());
    }

    static long copiesOf(CourierConnection socket, String id) {
        return socket.frames(MessageFrame.class).stream().filter(m -> m.id().equals(id)).count();
    }

    static List<Long> sequence(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}

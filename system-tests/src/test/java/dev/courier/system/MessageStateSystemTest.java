package dev.courier.system;

import dev.courier.client.CourierApiException;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.api.MessageReceipts;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1, "State in history", through both gateways: a sender that was away finds in the history how far
 * each of its messages got ({@code status}), and message info tells it when each recipient got and read one.
 */
@Order(6)
class MessageStateSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aSenderBackFromOfflineSeesSentDeliveredAndReadInTheHistoryAndWhenBobGotEach() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser eve = TestUser.register(gateway1, "Eve");
        String read;
        String delivered;
        String unseen;
        String conversation;
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            read = aliceSocket.sendText(bob.userId(), "read this");
            delivered = aliceSocket.sendText(bob.userId(), "this one you only get");
            conversation = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(delivered), WAIT).conversationId();
        }
        // Alice is offline from here: Bob's receipts wait for her.
        try (CourierConnection bobSocket = bob.connect(gateway2)) {
            bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(delivered), WAIT);
            bobSocket.receipt("read", List.of(read));
            String bobsReply = bobSocket.sendText(alice.userId(), "got them");
            bobSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(bobsReply), WAIT);
        }
        try (CourierConnection aliceSocket = alice.connect(gateway2)) {
            unseen = aliceSocket.sendText(bob.userId(), "are you gone?");
            aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(unseen), WAIT);

            await().atMost(WAIT).untilAsserted(() -> assertThat(statuses(alice, conversation))
                    .containsEntry(read, "read").containsEntry(delivered, "delivered")
                    .containsEntry(unseen, "sent"));
            assertThat(gateway1.history(alice.token(), conversation, null, 50).messages())
                    .filteredOn(item -> item.from().equals(bob.userId()))
                    .as("Bob's reply is not Alice's: no status").singleElement()
                    .extracting(MessageHistory.Item::status).isNull();
            assertThat(gateway2.history(bob.token(), conversation, null, 50).messages())
                    .filteredOn(item -> item.from().equals(alice.userId()))
                    .extracting(MessageHistory.Item::status).containsOnlyNulls();

            // Message info: Bob's times are those of the receipts Alice got on reconnecting.
            ReceiptFrame readReceipt = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.READ && r.messageId().equals(read), WAIT);
            ReceiptFrame deliveredReceipt = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.DELIVERED && r.messageId().equals(delivered), WAIT);
            MessageReceipts.Receipt readByBob = gateway1.messageReceipts(alice.token(), conversation, read)
                    .receipts().getFirst();
            assertThat(readByBob.userId()).isEqualTo(bob.userId());
            assertThat(readByBob.readAt()).isEqualTo(readReceipt.at());
            assertThat(readByBob.deliveredAt()).isNotNull().isLessThanOrEqualTo(readReceipt.at());
            assertThat(gateway2.messageReceipts(alice.token(), conversation, delivered).receipts())
                    .extracting(MessageReceipts.Receipt::userId, MessageReceipts.Receipt::deliveredAt,
                            MessageReceipts.Receipt::readAt)
                    .containsExactly(tuple(bob.userId(), deliveredReceipt.at(), null));
            assertThat(gateway1.messageReceipts(alice.token(), conversation, unseen).receipts())
                    .extracting(MessageReceipts.Receipt::deliveredAt, MessageReceipts.Receipt::readAt)
                    .containsExactly(tuple(null, null));
        }

        String info = "/api/conversations/" + conversation + "/messages/" + read + "/receipts";
        assertThat(gateway2.get(info, bob.token()).status()).as("the recipient is not the sender").isEqualTo(403);
        assertThat(gateway2.get(info, bob.token()).header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(gateway1.get(info, eve.token()).status()).isEqualTo(403);
        assertThat(gateway1.get(info, null).status()).isEqualTo(401);
        assertThatThrownBy(() -> gateway1.messageReceipts(alice.token(), conversation, UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(CourierApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aGroupMessageIsSentUntilEveryMemberHasItAndItsInfoListsEachMember() {
        TestUser a = TestUser.register(gateway1, "A");
        TestUser b = TestUser.register(gateway1, "B");
        TestUser e = TestUser.register(gateway1, "E");
        GroupView group = gateway1.createGroup(a.token(), "ticks", List.of(b.userId(), e.userId()));
        try (CourierConnection aSocket = a.connect(gateway1)) {
            String id = aSocket.sendTextToGroup(group.groupId(), "hello both");
            aSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT);
            try (CourierConnection bSocket = b.connect(gateway2)) {
                aSocket.awaitFrame(ReceiptFrame.class, r -> r.status() == ReceiptStatus.DELIVERED
                        && r.messageId().equals(id) && b.userId().equals(r.by()), WAIT);
                await().atMost(WAIT).untilAsserted(() -> assertThat(
                        gateway2.messageReceipts(a.token(), group.groupId(), id).receipts())
                        .extracting(MessageReceipts.Receipt::userId, r -> r.deliveredAt() != null)
                        .containsExactlyInAnyOrder(tuple(b.userId(), true), tuple(e.userId(), false)));
                assertThat(statuses(a, group.groupId())).as("E does not have it yet").containsEntry(id, "sent");

                try (CourierConnection eSocket = e.connect(gateway1)) {
                    aSocket.awaitFrame(ReceiptFrame.class, r -> r.status() == ReceiptStatus.DELIVERED
                            && r.messageId().equals(id) && Boolean.TRUE.equals(r.all()), WAIT);
                    await().atMost(WAIT).untilAsserted(() -> assertThat(statuses(a, group.groupId()))
                            .containsEntry(id, "delivered"));
                    assertThat(gateway1.get("/api/conversations/" + group.groupId() + "/messages/" + id
                            + "/receipts", e.token()).status()).as("a member, not the sender").isEqualTo(403);
                }
            }
        }
    }

    /** Each of the caller's own messages in the history, by id, with its status. */
    private static Map<String, String> statuses(TestUser caller, String conversationId) {
        return gateway1.history(caller.token(), conversationId, null, 50).messages().stream()
                .filter(item -> item.from().equals(caller.userId()))
                .collect(Collectors.toMap(MessageHistory.Item::id, item -> String.valueOf(item.status() == null
                        ? null : item.status().wireName())));
    }
}

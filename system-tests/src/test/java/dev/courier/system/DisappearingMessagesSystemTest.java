package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.frames.ExpiredFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.SettingsFrame;
import dev.courier.stack.CourierStack;
import dev.courier.testkit.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disappearing messages (issue #6) on the shared stack, where timers of a few seconds are allowed
 * ({@code courier.message.disappearing.allow-any-seconds}) and the deletion job runs every second.
 */
@Isolated
@Order(2)
class DisappearingMessagesSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long TIMER_SECONDS = 4;

    static CourierStack stack;
    static CourierClient client;

    @BeforeAll
    static void startStack() {
        stack = SystemStack.shared();
        client = new CourierClient(stack.gatewayUrl(1));
    }

    @Test
    void aMessageToAConnectedRecipientDisappearsForBothFromHistoryAndFromTheDatabase() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        try (CourierConnection aliceSocket = alice.connect(client); CourierConnection bobSocket = bob.connect(client)) {
            String first = exchangeFirstMessage(aliceSocket, bobSocket, bob);
            assertThat(client.setDisappearing(alice.token(), conversation, TIMER_SECONDS).status()).isEqualTo(204);
            SettingsFrame settings = new SettingsFrame(conversation, TIMER_SECONDS, alice.userId());
            aliceSocket.awaitFrame(SettingsFrame.class, settings::equals, WAIT);
            bobSocket.awaitFrame(SettingsFrame.class, settings::equals, WAIT);

            String id = aliceSocket.sendText(bob.userId(), "this will disappear");
            MessageFrame received = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            assertThat(received.expiresAt()).isEqualTo(received.sentAt() + TIMER_SECONDS * 1000);
            long rowId = messageRowId(id);
            assertThat(history(alice, conversation)).contains(id);

            ExpiredFrame expired = new ExpiredFrame(conversation, List.of(id));
            aliceSocket.awaitFrame(ExpiredFrame.class, expired::equals, WAIT);
            bobSocket.awaitFrame(ExpiredFrame.class, expired::equals, WAIT);
            assertThat(Instant.now().toEpochMilli()).isGreaterThanOrEqualTo(received.expiresAt());
            assertThat(history(alice, conversation)).doesNotContain(id);
            assertThat(history(bob, conversation)).doesNotContain(id);
            assertThat(count("select count(*) from message where id = ? or client_id = ?", rowId, id)).isZero();
            assertThat(count("select count(*) from delivery where message_id = ?", rowId)).isZero();
            // The timer change stays in the history as a system message.
            assertThat(client.history(bob.token(), conversation, null, 50).messages())
                    .anyMatch(m -> m.body().system() != null && m.body().system().seconds() == TIMER_SECONDS
                            && alice.userId().equals(m.body().system().by()));
            // Bob got it before it expired: it counts as delivered like any other.
            new DeliveryRecorder().sent(alice, List.of(first, id), bob).device(alice, "phone", aliceSocket)
                    .device(bob, "phone", bobSocket).awaitClean(WAIT);
        }
    }

    @Test
    void aRecipientOfflineUntilAfterExpiryNeverGetsItAndTheSenderNeverGetsDelivered() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        try (CourierConnection aliceSocket = alice.connect(client)) {
            String first = aliceSocket.sendText(bob.userId(), "before the timer");
            awaitSent(aliceSocket, first);
            assertThat(client.setDisappearing(alice.token(), conversation, TIMER_SECONDS).status()).isEqualTo(204);
            String id = aliceSocket.sendText(bob.userId(), "bob is away");
            awaitSent(aliceSocket, id);
            aliceSocket.awaitFrame(ExpiredFrame.class, e -> e.messageIds().contains(id), WAIT);

            try (CourierConnection bobSocket = bob.connect(client)) {
                // Bob gets what is still there, and a message sent after he connected, but never the expired one.
                bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(first), WAIT);
                String marker = aliceSocket.sendText(bob.userId(), "marker");
                bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(marker), WAIT);
                aliceSocket.awaitFrame(ReceiptFrame.class, r -> r.messageId().equals(marker)
                        && r.status() == ReceiptStatus.DELIVERED, WAIT);
                assertThat(bobSocket.frames(MessageFrame.class)).noneMatch(m -> m.id().equals(id));
                assertThat(bobSocket.frames(ExpiredFrame.class)).noneMatch(e -> e.messageIds().contains(id));
                // The expired one is no loss (its expired frame came above); the others reached Bob.
                new DeliveryRecorder().sent(alice, List.of(first, id, marker), bob).expired(id)
                        .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).awaitClean(WAIT);
            }
            assertThat(aliceSocket.frames(ReceiptFrame.class)).noneMatch(r -> r.messageId().equals(id)
                    && r.status() != ReceiptStatus.SENT);
        }
    }

    @Test
    void turningTheTimerOffAppliesToNewMessagesOnly() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        try (CourierConnection aliceSocket = alice.connect(client); CourierConnection bobSocket = bob.connect(client)) {
            String first = exchangeFirstMessage(aliceSocket, bobSocket, bob);
            assertThat(client.setDisappearing(bob.token(), conversation, TIMER_SECONDS).status()).isEqualTo(204);
            String timed = aliceSocket.sendText(bob.userId(), "sent while the timer is on");
            MessageFrame timedFrame = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(timed), WAIT);
            assertThat(timedFrame.expiresAt()).isNotNull();

            assertThat(client.setDisappearing(alice.token(), conversation, 0).status()).isEqualTo(204);
            bobSocket.awaitFrame(SettingsFrame.class, s -> s.disappearingSeconds() == 0, WAIT);
            String kept = aliceSocket.sendText(bob.userId(), "sent after the timer was turned off");
            MessageFrame keptFrame = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(kept), WAIT);
            assertThat(keptFrame.expiresAt()).isNull();

            bobSocket.awaitFrame(ExpiredFrame.class, e -> e.messageIds().contains(timed), WAIT);
            assertThat(bobSocket.frames(ExpiredFrame.class)).noneMatch(e -> e.messageIds().contains(kept));
            assertThat(history(bob, conversation)).contains(kept).doesNotContain(timed);
            new DeliveryRecorder().sent(alice, List.of(first, timed, kept), bob).device(alice, "phone", aliceSocket)
                    .device(bob, "phone", bobSocket).awaitClean(WAIT);
        }
    }

    @Test
    void inAGroupOnlyAnAdminSetsTheTimerAndEveryMemberIsTold() {
        TestUser admin = TestUser.register(client, "Ann");
        TestUser bob = TestUser.register(client, "Bob");
        TestUser carol = TestUser.register(client, "Carol");
        GroupView group = client.createGroup(admin.token(), "vanishing", List.of(bob.userId(), carol.userId()));
        try (CourierConnection adminSocket = admin.connect(client);
             CourierConnection bobSocket = bob.connect(client);
             CourierConnection carolSocket = carol.connect(client)) {
            ApiResponse refused = client.setDisappearing(bob.token(), group.groupId(), TIMER_SECONDS);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("admin");

            assertThat(client.setDisappearing(admin.token(), group.groupId(), TIMER_SECONDS).status()).isEqualTo(204);
            SettingsFrame settings = new SettingsFrame(group.groupId(), TIMER_SECONDS, admin.userId());
            for (CourierConnection socket : List.of(adminSocket, bobSocket, carolSocket)) {
                socket.awaitFrame(SettingsFrame.class, settings::equals, WAIT);
            }
            String id = adminSocket.sendTextToGroup(group.groupId(), "gone soon, for all of you");
            MessageFrame atCarol = carolSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            assertThat(atCarol.expiresAt()).isEqualTo(atCarol.sentAt() + TIMER_SECONDS * 1000);
            for (CourierConnection socket : List.of(adminSocket, bobSocket, carolSocket)) {
                socket.awaitFrame(ExpiredFrame.class, e -> e.conversationId().equals(group.groupId())
                        && e.messageIds().contains(id), WAIT);
            }
            assertThat(history(carol, group.groupId())).doesNotContain(id);
            // Both members were connected when it was sent: each got it before it expired.
            new DeliveryRecorder().sent(admin, id, bob, carol).device(admin, "phone", adminSocket)
                    .device(bob, "phone", bobSocket).device(carol, "phone", carolSocket).awaitClean(WAIT);
        }
    }

    @Test
    void aMessageExpiringWhileMessageServiceIsDownStillDisappearsOnce() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        try (CourierConnection aliceSocket = alice.connect(client); CourierConnection bobSocket = bob.connect(client)) {
            String first = exchangeFirstMessage(aliceSocket, bobSocket, bob);
            assertThat(client.setDisappearing(alice.token(), conversation, TIMER_SECONDS).status()).isEqualTo(204);
            String id = aliceSocket.sendText(bob.userId(), "disappears while message-service is down");
            MessageFrame received = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            aliceSocket.awaitFrame(ReceiptFrame.class, r -> r.messageId().equals(id)
                    && r.status() == ReceiptStatus.DELIVERED, WAIT);

            stack.process("message-service").kill();
            Instant expiry = Instant.ofEpochMilli(received.expiresAt());
            await().atMost(WAIT).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
            stack.restart("message-service");

            ExpiredFrame expired = new ExpiredFrame(conversation, List.of(id));
            aliceSocket.awaitFrame(ExpiredFrame.class, expired::equals, Duration.ofMinutes(2));
            bobSocket.awaitFrame(ExpiredFrame.class, expired::equals, Duration.ofMinutes(2));
            assertThat(count("select count(*) from message where client_id = ?", id)).isZero();
            // Frames to one user keep their order: once a later message is in, so is any second "expired".
            String marker = aliceSocket.sendText(bob.userId(), "marker");
            bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(marker), WAIT);
            aliceSocket.awaitFrame(ReceiptFrame.class, r -> r.messageId().equals(marker)
                    && r.status() == ReceiptStatus.DELIVERED, WAIT);
            assertThat(bobSocket.frames(ExpiredFrame.class)).filteredOn(expired::equals).hasSize(1);
            assertThat(aliceSocket.frames(ExpiredFrame.class)).filteredOn(expired::equals).hasSize(1);
            assertThat(history(alice, conversation)).doesNotContain(id).contains(marker);
            new DeliveryRecorder().sent(alice, List.of(first, id, marker), bob).device(alice, "phone", aliceSocket)
                    .device(bob, "phone", bobSocket).awaitClean(WAIT);
        }
    }

    @Test
    void badInputGetsTheDocumentedErrors() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        TestUser mallory = TestUser.register(client, "Mallory");
        String conversation = ConversationIds.direct(alice.userId(), bob.userId());
        // No message yet: the direct conversation does not exist.
        assertThat(client.setDisappearing(alice.token(), conversation, 86400).status()).isEqualTo(404);
        DeliveryRecorder recorder = new DeliveryRecorder();
        try (CourierConnection aliceSocket = alice.connect(client)) {
            String hello = aliceSocket.sendText(bob.userId(), "hello");
            awaitSent(aliceSocket, hello);
            recorder.sent(alice, hello, bob).device(alice, "phone", aliceSocket);
        }
        assertThat(client.setDisappearing(alice.token(), conversation, 7_776_001).status()).isEqualTo(400);
        assertThat(client.setDisappearing(alice.token(), conversation, -1).status()).isEqualTo(400);
        assertThat(client.put("/api/conversations/" + conversation + "/disappearing", "{}", alice.token()).status())
                .isEqualTo(400);
        assertThat(client.setDisappearing(alice.token(), UUID.randomUUID().toString(), 86400).status())
                .isEqualTo(404);
        ApiResponse stranger = client.setDisappearing(mallory.token(), conversation, 86400);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.body()).contains("\"status\":403");
        assertThat(client.setDisappearing(null, conversation, 86400).status()).isEqualTo(401);
        assertThat(client.setDisappearing(alice.token(), conversation, 604800).status()).isEqualTo(204);
        try (CourierConnection bobSocket = bob.connect(client)) {
            recorder.device(bob, "phone", bobSocket).awaitClean(WAIT);
        }
    }

    /** Alice's first message to Bob (the direct conversation exists from then on), acknowledged by Bob; its id. */
    private static String exchangeFirstMessage(CourierConnection aliceSocket, CourierConnection bobSocket,
                                               TestUser bob) {
        String first = aliceSocket.sendText(bob.userId(), "hello");
        bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(first), WAIT);
        return first;
    }

    private static void awaitSent(CourierConnection socket, String id) {
        socket.awaitFrame(ReceiptFrame.class, r -> r.messageId().equals(id) && r.status() == ReceiptStatus.SENT, WAIT);
    }

    private static List<String> history(TestUser user, String conversationId) {
        return client.history(user.token(), conversationId, null, 100).messages().stream().map(MessageHistory.Item::id)
                .toList();
    }

    /** message-service's own database, read directly. */
    private static long messageRowId(String clientId) {
        return query("select id from message where client_id = ?", clientId);
    }

    private static long count(String sql, Object... params) {
        return query(sql, params);
    }

    private static long query(String sql, Object... params) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        try (Connection connection = DriverManager.getConnection(infrastructure.postgresBaseUrl() + "message",
                infrastructure.postgresUser(), infrastructure.postgresPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a row for " + sql).isTrue();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

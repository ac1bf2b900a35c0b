package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.DeletedFrame;
import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.EditedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReactionFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReplyTo;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.client.ApiResponse;
import dev.courier.testkit.TestInfrastructure;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1, "Message actions", through both gateways: {@code react}, {@code edit} and {@code delete} answered
 * {@code done} (or one {@code error} with the frame's id), told to every device of both users (the actor's other
 * device too), kept for a device that was offline and given to it in order when it connects, idempotent by id; a
 * deleted message's body gone from the history and from message-service's database. "Too late" (15 minutes, 48 hours)
 * is left to message-service's MessageActionsIntegrationTest, which can ask at a later time.
 */
@Order(6)
class MessageActionsSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void reactionsEditsAndDeletesReachEveryDeviceAndTheDeletedBodyIsGone() throws Exception {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser aliceLaptop = alice.anotherDevice(gateway2);
        TestUser bob = TestUser.register(gateway1, "Bob");
        try (CourierConnection phone = alice.connect(gateway1);
             CourierConnection laptop = aliceLaptop.connect(gateway2);
             CourierConnection bobSocket = bob.connect(gateway2)) {
            String m = phone.sendText(bob.userId(), "meet at 5?");
            String conversation = sentIn(phone, m);
            bobSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(m), WAIT);

            String react = bobSocket.react(m, "👍");
            DoneFrame reacted = done(bobSocket, react);
            ReactionFrame reaction = new ReactionFrame(conversation, m, bob.userId(), "👍", reacted.at());
            for (CourierConnection device : List.of(phone, laptop, bobSocket)) {
                device.awaitFrame(ReactionFrame.class, reaction::equals, WAIT);
            }

            String edit = phone.edit(m, "meet at 6?");
            DoneFrame edited = done(phone, edit);
            for (CourierConnection device : List.of(phone, laptop, bobSocket)) {
                device.awaitFrame(EditedFrame.class, frame -> frame.messageId().equals(m)
                        && frame.body().text().equals("meet at 6?") && frame.editedAt() == edited.at(), WAIT);
            }
            MessageHistory.Item item = item(bob, conversation, m);
            assertThat(item.body().text()).isEqualTo("meet at 6?");
            assertThat(item.editedAt()).isEqualTo(edited.at());
            assertThat(item.reactions()).containsExactly(new MessageHistory.Reaction(bob.userId(), "👍"));

            // The same ids again: nothing new, the same answers.
            bobSocket.react(react, m, "👍");
            phone.edit(edit, m, "meet at 7?");
            await().atMost(WAIT).untilAsserted(() -> assertThat(answers(bobSocket, react)).hasSize(2)
                    .containsOnly(reacted));
            await().atMost(WAIT).untilAsserted(() -> assertThat(answers(phone, edit)).hasSize(2)
                    .containsOnly(edited));
            // A later action's frame comes after anything the repeats could have told.
            String later = laptop.react(m, "😂");
            done(laptop, later);
            bobSocket.awaitFrame(ReactionFrame.class, frame -> frame.emoji().equals("😂"), WAIT);
            assertThat(bobSocket.frames(ReactionFrame.class)).extracting(ReactionFrame::emoji)
                    .containsExactly("👍", "😂");
            assertThat(bobSocket.frames(EditedFrame.class)).hasSize(1);
            assertThat(item(alice, conversation, m).body().text()).isEqualTo("meet at 6?");

            // Refusals, each with its code and the frame's id.
            assertThat(refusal(bobSocket, bobSocket.edit(m, "meet never"))).isEqualTo(ErrorFrame.FORBIDDEN);
            assertThat(refusal(bobSocket, bobSocket.delete(m))).isEqualTo(ErrorFrame.FORBIDDEN);
            assertThat(refusal(bobSocket, bobSocket.react(m, "👍👍👍👍👍👍👍👍👍"))).isEqualTo(ErrorFrame.INVALID);
            assertThat(refusal(phone, phone.react(UUID.randomUUID().toString(), "👍")))
                    .isEqualTo(ErrorFrame.NOT_FOUND);
            MediaUploaded photo = upload(alice);
            String image = phone.sendImage(Recipient.user(bob.userId()), photo.mediaId(), "the view");
            sentIn(phone, image);
            assertThat(refusal(phone, phone.edit(image, "a caption now"))).isEqualTo(ErrorFrame.INVALID);

            String delete = phone.delete(m);
            DoneFrame deleted = done(phone, delete);
            DeletedFrame told = new DeletedFrame(conversation, m, alice.userId(), deleted.at());
            for (CourierConnection device : List.of(phone, laptop, bobSocket)) {
                device.awaitFrame(DeletedFrame.class, told::equals, WAIT);
            }
            for (TestUser user : List.of(alice, bob)) {
                MessageHistory.Item gone = item(user, conversation, m);
                assertThat(gone.deleted()).isTrue();
                assertThat(gone.body()).isNull();
                assertThat(gone.reactions()).isEmpty();
                assertThat(gone.editedAt()).isNull();
            }
            assertThat(gateway2.get("/api/conversations/" + conversation + "/messages", bob.token()).body())
                    .doesNotContain("meet at");
            assertThat(messageDatabaseCount("select count(*) from message where client_id = ? and body is null", m))
                    .as("erased in message-service's database").isOne();

            assertThat(refusal(bobSocket, bobSocket.react(m, "❤️"))).isEqualTo(ErrorFrame.NOT_FOUND);
            assertThat(refusal(phone, phone.edit(m, "back again"))).isEqualTo(ErrorFrame.NOT_FOUND);
            assertThat(refusal(phone, phone.delete(m))).isEqualTo(ErrorFrame.NOT_FOUND);
            bobSocket.receipt("read", List.of(m));
            assertThat(bobSocket.awaitFrame(ErrorFrame.class, error -> m.equals(error.ref()), WAIT).code())
                    .as("a receipt for a deleted message").isEqualTo(ErrorFrame.NOT_FOUND);
        }
    }

    @Test
    void aDeviceThatWasOfflineGetsTheActionsInOrderWhenItConnects() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        String first;
        String second;
        try (CourierConnection bobSocket = bob.connect(gateway2);
             CourierConnection aliceSocket = alice.connect(gateway1)) {
            first = aliceSocket.sendText(bob.userId(), "first");
            second = aliceSocket.sendText(bob.userId(), "second");
            bobSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(second), WAIT);
            aliceSocket.awaitFrame(ReceiptFrame.class, receipt -> receipt.status() == ReceiptStatus.DELIVERED
                    && receipt.messageId().equals(second), WAIT);
        }
        // Bob is offline once message-service no longer counts his socket (what is told then is kept for him).
        await().atMost(WAIT).until(() -> messageDatabaseCount("select count(*) from device_session where user_id = ?",
                bob.userId()) == 0);
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            done(aliceSocket, aliceSocket.react(first, "👍"));
            done(aliceSocket, aliceSocket.edit(first, "first!"));
            done(aliceSocket, aliceSocket.react(first, "🎉"));
            done(aliceSocket, aliceSocket.delete(second));
        }
        try (CourierConnection bobSocket = bob.connect(gateway1)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(actions(bobSocket)).hasSize(4));
            assertThat(actions(bobSocket)).containsExactly("reaction " + first + " 👍", "edited " + first + " first!",
                    "reaction " + first + " 🎉", "deleted " + second);
        }
    }

    @Test
    void aGroupAdminDeletesAnyMessageAndMembersSeeIt() {
        TestUser admin = TestUser.register(gateway1, "Admin");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser carol = TestUser.register(gateway1, "Carol");
        GroupView group = gateway1.createGroup(admin.token(), "actions", List.of(bob.userId(), carol.userId()));
        try (CourierConnection adminSocket = admin.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2);
             CourierConnection carolSocket = carol.connect(gateway1)) {
            String m = bobSocket.sendTextToGroup(group.groupId(), "something regrettable");
            carolSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(m), WAIT);
            adminSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(m), WAIT);
            done(carolSocket, carolSocket.react(m, "😬"));
            assertThat(refusal(carolSocket, carolSocket.delete(m))).as("a member, not its sender")
                    .isEqualTo(ErrorFrame.FORBIDDEN);

            DoneFrame deleted = done(adminSocket, adminSocket.delete(m));
            for (CourierConnection device : List.of(adminSocket, bobSocket, carolSocket)) {
                device.awaitFrame(DeletedFrame.class, frame -> frame.messageId().equals(m)
                        && frame.by().equals(admin.userId()) && frame.at() == deleted.at(), WAIT);
            }
            assertThat(item(carol, group.groupId(), m).deleted()).isTrue();
            assertThat(refusal(carolSocket, carolSocket.react(m, "👍"))).isEqualTo(ErrorFrame.NOT_FOUND);
        }
    }

    @Test
    void aReplyCarriesItsQuoteToTheOtherGatewayAndTheHistoryAndAnUnseeableQuoteIsRefused() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser carol = TestUser.register(gateway1, "Carol");
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2)) {
            String question = aliceSocket.sendText(bob.userId(), "lunch at noon?");
            String conversation = sentIn(aliceSocket, question);
            bobSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(question), WAIT);
            String toCarol = bobSocket.sendText(carol.userId(), "are you coming?");
            sentIn(bobSocket, toCarol);

            String reply = bobSocket.replyText(Recipient.user(alice.userId()), "yes!", question);
            sentIn(bobSocket, reply);
            ReplyTo quote = new ReplyTo(question, alice.userId(), "lunch at noon?");
            assertThat(aliceSocket.awaitFrame(MessageFrame.class, frame -> frame.id().equals(reply), WAIT).replyTo())
                    .isEqualTo(quote);
            for (TestUser user : List.of(alice, bob)) {
                assertThat(item(user, conversation, reply).replyTo()).isEqualTo(quote);
            }

            done(aliceSocket, aliceSocket.delete(question));
            bobSocket.awaitFrame(DeletedFrame.class, frame -> frame.messageId().equals(question), WAIT);
            String unknown = UUID.randomUUID().toString();
            for (String quoted : List.of(unknown, toCarol, question)) {
                String refused = bobSocket.replyText(Recipient.user(alice.userId()), "to " + quoted, quoted);
                assertThat(refusal(bobSocket, refused)).as("a reply to %s", quoted).isEqualTo(ErrorFrame.NOT_FOUND);
                assertThat(messageDatabaseCount("select count(*) from message where client_id = ?", refused))
                        .as("nothing stored").isZero();
            }
            assertThat(item(alice, conversation, reply).replyTo()).as("the deleted text is no longer quoted")
                    .isEqualTo(new ReplyTo(question, alice.userId(), null));
        }
    }

    private static String sentIn(CourierConnection socket, String messageId) {
        return socket.awaitFrame(ReceiptFrame.class, receipt -> receipt.status() == ReceiptStatus.SENT
                && receipt.messageId().equals(messageId), WAIT).conversationId();
    }

    private static DoneFrame done(CourierConnection socket, String id) {
        ServerFrame answer = socket.awaitAnswer(id, WAIT);
        assertThat(answer).as("the answer to %s", id).isInstanceOf(DoneFrame.class);
        return (DoneFrame) answer;
    }

    private static String refusal(CourierConnection socket, String id) {
        ServerFrame answer = socket.awaitAnswer(id, WAIT);
        assertThat(answer).as("the answer to %s", id).isInstanceOf(ErrorFrame.class);
        return ((ErrorFrame) answer).code();
    }

    private static List<ServerFrame> answers(CourierConnection socket, String id) {
        return socket.frames().stream().map(CourierConnection.ReceivedFrame::frame)
                .filter(frame -> frame instanceof DoneFrame done ? done.ref().equals(id)
                        : frame instanceof ErrorFrame error && id.equals(error.ref()))
                .toList();
    }

    private static List<String> actions(CourierConnection socket) {
        return socket.frames().stream().map(CourierConnection.ReceivedFrame::frame)
                .<String>mapMulti((frame, out) -> {
                    switch (frame) {
                        case ReactionFrame r -> out.accept("reaction " + r.messageId() + " " + r.emoji());
                        case EditedFrame e -> out.accept("edited " + e.messageId() + " " + e.body().text());
                        case DeletedFrame d -> out.accept("deleted " + d.messageId());
                        case null, default -> { }
                    }
                })
                .toList();
    }

    private static MessageHistory.Item item(TestUser user, String conversationId, String messageId) {
        return gateway1.history(user.token(), conversationId, null, 50).messages().stream()
                .filter(item -> item.id().equals(messageId)).findFirst().orElseThrow();
    }

    private static MediaUploaded upload(TestUser user) throws IOException {
        BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        ApiResponse response = gateway1.uploadMedia(user.token(), "view.png", "image/png", out.toByteArray());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MediaUploaded.class);
    }

    /** message-service's own database, read directly (as DisappearingMessagesSystemTest does). */
    private static long messageDatabaseCount(String sql, String param) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        try (Connection connection = DriverManager.getConnection(infrastructure.postgresBaseUrl() + "message",
                infrastructure.postgresUser(), infrastructure.postgresPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, param);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

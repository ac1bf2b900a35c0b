package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.contracts.frames.TypingFrame;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1 "Blocking" through the real gateways: the REST calls, then a whole journey of Alice blocking Bob
 * (his messages to her stored, answered {@code sent} and never delivered, hers to him refused, her presence, last
 * seen, photo and about hidden from him, his typing and presence subscription about her answered with nothing, their
 * group untouched) and unblocking him (new messages flow, the withheld one never comes).
 */
@Order(8)
class BlockingSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long one send's answer may take. */
    static final Duration ANSWER = Duration.ofSeconds(20);

    @Test
    void blockUnblockAndTheListAnswerAsTheProtocolSays() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser carol = TestUser.register(gateway2, "Carol");

        assertThat(gateway1.blocked(alice.token())).isEmpty();
        assertThat(gateway1.block(alice.token(), bob.userId()).status()).isEqualTo(204);
        assertThat(gateway2.block(alice.token(), carol.userId()).status()).isEqualTo(204);
        assertThat(gateway1.block(alice.token(), bob.userId()).status()).as("again").isEqualTo(204);
        assertThat(gateway2.blocked(alice.token())).containsExactly(bob.userId(), carol.userId());
        assertThat(gateway1.blocked(bob.token())).as("a list of one's own").isEmpty();

        ApiResponse unknown = gateway1.block(alice.token(), "no-such-user-" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        ApiResponse self = gateway1.block(alice.token(), alice.userId());
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(gateway1.block(null, bob.userId()).status()).isEqualTo(401);
        assertThat(gateway1.get("/api/me/blocked", null).status()).isEqualTo(401);

        assertThat(gateway1.unblock(alice.token(), bob.userId()).status()).isEqualTo(204);
        assertThat(gateway2.unblock(alice.token(), bob.userId()).status()).as("not blocked any more").isEqualTo(204);
        assertThat(gateway1.blocked(alice.token())).containsExactly(carol.userId());
    }

    @Test
    void whileAliceBlocksBobHeReachesNothingOfHersAndAfterTheUnblockOnlyNewMessagesFlow() throws IOException {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway2, "Bob");
        TestUser carol = TestUser.register(gateway2, "Carol");
        String photo = upload(alice);
        gateway1.updateProfile(alice.token(), Map.of("about", "Out sailing", "profilePhoto", photo));
        String group = gateway1.createGroup(alice.token(), "Sailing club", List.of(bob.userId())).groupId();
        String withheld;
        String conversation;
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2)) {
            // They talk before the block: a direct conversation, so typing goes between them.
            String hello = bobSocket.sendText(alice.userId(), "hello Alice");
            aliceSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(hello), WAIT);
            conversation = bobSocket.awaitFrame(ReceiptFrame.class, r -> hello.equals(r.messageId()), WAIT)
                    .conversationId();
            bobSocket.typing(alice.userId(), "composing");
            aliceSocket.awaitFrame(TypingFrame.class, t -> t.from().equals(bob.userId()), WAIT);
            await().atMost(WAIT).until(() -> gateway2.presence(bob.token(), alice.userId()).online());

            assertThat(gateway1.block(alice.token(), bob.userId()).status()).isEqualTo(204);

            // Alice's sends to Bob are refused once session-service has the block (Kafka, well under a second).
            String refused = await().atMost(WAIT).until(() -> {
                String id = aliceSocket.sendText(bob.userId(), "do not write to me");
                ServerFrame answer = aliceSocket.awaitFrame(ServerFrame.class, f ->
                        f instanceof ErrorFrame e && id.equals(e.ref())
                                || f instanceof ReceiptFrame r && id.equals(r.messageId()), ANSWER);
                return answer instanceof ErrorFrame ? id : null;
            }, Objects::nonNull);
            assertThat(aliceSocket.firstFrame(ErrorFrame.class, e -> refused.equals(e.ref())).orElseThrow().code())
                    .isEqualTo(ErrorFrame.FORBIDDEN);

            // Bob's message to Alice: stored and "sent", with the next seq of their conversation.
            withheld = bobSocket.sendText(alice.userId(), "why?");
            ReceiptFrame sent = bobSocket.awaitFrame(ReceiptFrame.class, r -> withheld.equals(r.messageId()), WAIT);
            assertThat(sent.status()).isEqualTo(ReceiptStatus.SENT);
            assertThat(sent.seq()).isNotNull();
            bobSocket.typing(alice.userId(), "composing");

            // Presence, last seen, photo and about: hidden from Bob, shown to Carol.
            var seenByBob = gateway2.presence(bob.token(), alice.userId());
            assertThat(seenByBob.online()).isFalse();
            assertThat(seenByBob.lastSeen()).isNull();
            assertThat(gateway2.presence(carol.token(), alice.userId()).online()).isTrue();
            UserView aliceForBob = gateway2.user(bob.token(), alice.userId());
            assertThat(aliceForBob.about()).isNull();
            assertThat(aliceForBob.profilePhoto()).isNull();
            UserView aliceForCarol = gateway2.user(carol.token(), alice.userId());
            assertThat(aliceForCarol.about()).isEqualTo("Out sailing");
            assertThat(aliceForCarol.profilePhoto()).isEqualTo(photo);
            // media-service learns the current photo from ProfileChanged: once Carol may fetch it, Bob would too.
            await().atMost(WAIT).until(() ->
                    gateway2.downloadMedia(carol.token(), "/api/media/" + photo).statusCode() == 200);
            assertThat(gateway2.downloadMedia(bob.token(), "/api/media/" + photo).statusCode()).isEqualTo(403);

            // A subscription about Alice gets nothing; the one about Carol in the same frame is answered.
            bobSocket.subscribePresence(List.of(alice.userId(), carol.userId()));
            bobSocket.awaitFrame(PresenceFrame.class, p -> p.user().equals(carol.userId()), WAIT);

            // Their group is not affected, both ways. Bob's group message follows his typing on the same path
            // (courier.deliveries, keyed by Alice): once she has it, the typing would have come before it.
            String toGroup = aliceSocket.sendTextToGroup(group, "meeting at noon");
            bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(toGroup), WAIT);
            String fromBob = bobSocket.sendTextToGroup(group, "see you there");
            aliceSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(fromBob), WAIT);

            assertThat(aliceSocket.frames(TypingFrame.class)).as("only the typing from before the block").hasSize(1);
            assertThat(aliceSocket.frames(MessageFrame.class)).extracting(MessageFrame::id)
                    .doesNotContain(withheld);
            assertThat(bobSocket.frames(MessageFrame.class)).extracting(MessageFrame::id).doesNotContain(refused);
            assertThat(bobSocket.frames(PresenceFrame.class)).extracting(PresenceFrame::user)
                    .doesNotContain(alice.userId());
            assertThat(bobSocket.frames(ReceiptFrame.class)).filteredOn(r -> withheld.equals(r.messageId()))
                    .extracting(ReceiptFrame::status).containsExactly(ReceiptStatus.SENT);
        }

        // Unblocked: what Bob sends now reaches Alice, who sees her presence again; the withheld message never
        // comes, not on a new connection either, and Bob never hears it was delivered or read.
        assertThat(gateway1.unblock(alice.token(), bob.userId()).status()).isEqualTo(204);
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2)) {
            String after = await().atMost(WAIT).until(() -> {
                String id = bobSocket.sendText(alice.userId(), "friends again?");
                try {
                    aliceSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), Duration.ofSeconds(5));
                    return id;
                } catch (AssertionError notYet) {
                    return null; // still withheld: the unblock had not reached session-service
                }
            }, Objects::nonNull);
            aliceSocket.receipt("read", List.of(after));
            bobSocket.awaitFrame(ReceiptFrame.class, r -> after.equals(r.messageId())
                    && r.status() == ReceiptStatus.READ, WAIT);
            await().atMost(WAIT).until(() -> gateway2.presence(bob.token(), alice.userId()).online());
            assertThat(gateway2.user(bob.token(), alice.userId()).about()).isEqualTo("Out sailing");
            assertThat(gateway2.downloadMedia(bob.token(), "/api/media/" + photo).statusCode()).isEqualTo(200);

            assertThat(aliceSocket.frames(MessageFrame.class)).extracting(MessageFrame::id).doesNotContain(withheld);
            assertThat(bobSocket.frames(ReceiptFrame.class)).filteredOn(r -> withheld.equals(r.messageId()))
                    .extracting(ReceiptFrame::status).doesNotContain(ReceiptStatus.DELIVERED, ReceiptStatus.READ);
            MessageHistory aliceHistory = gateway1.history(alice.token(), conversation, null, 50);
            assertThat(aliceHistory.messages()).extracting(MessageHistory.Item::id).contains(after)
                    .doesNotContain(withheld);
            MessageHistory bobHistory = gateway2.history(bob.token(), conversation, null, 50);
            assertThat(bobHistory.messages()).filteredOn(item -> item.id().equals(withheld))
                    .extracting(item -> item.status()).containsExactly(ReceiptStatus.SENT);
        }
    }

    private static String upload(TestUser user) throws IOException {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        int tint = UUID.randomUUID().hashCode();
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                picture.setRGB(x, y, tint ^ (x << 16 | y << 8));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        ApiResponse response = gateway1.uploadMedia(user.token(), "me.png", "image/png", out.toByteArray());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return ProfilesSystemTest.JSON.readValue(response.body(), MediaUploaded.class).mediaId();
    }
}

package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.frames.DeletedFrame;
import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.EditedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReactionFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReplyTo;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newGroup;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md v1.1, "Message actions", through real Kafka and PostgreSQL: {@code react}, {@code edit} and
 * {@code delete} as session-service publishes them, answered {@code done} or one {@code error} on the actor's device,
 * told to every participant's devices (or kept for their next connection, in order), idempotent by id; the history's
 * reactions, {@code editedAt} and deleted items; a deleted message's body erased in the database. Group membership
 * and admins come from a fake group-service (the first member is the admin). "Too late" is tested with actions
 * asked (their {@code at}) past the windows, which is what the rule compares.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.message.retry.initial-backoff=1s",
        "courier.message.retry.max-backoff=2s",
        "courier.message.retry.scan-interval=200ms",
})
@Import(TestTokens.class)
@DirtiesContext // the other integration tests' contexts use the same consumer group
class MessageActionsIntegrationTest extends MessageServiceIntegrationTest {

    /** group id → members; the first member is the admin. */
    private static final FakeGroupService GROUP_SERVICE = FakeGroupService.start();

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
    void aReactionReachesEveryDeviceOfBothAndTheHistoryKeepsOnePerPerson() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession a2 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, a2, b1);
        String m = events.send(a1, b, "lunch?");
        awaitStored(m);
        String conversation = ConversationIds.direct(a, b);

        react(b1, "r1", m, "👍");
        DoneFrame done = awaitDone(b1, "r1");
        for (DeviceSession device : List.of(a1, a2, b1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(device, ReactionFrame.class))
                    .containsExactly(new ReactionFrame(conversation, m, b, "👍", done.at())));
        }
        assertThat(reactions(history(conversation, a), m)).containsExactly(b + " 👍");

        react(b1, "r2", m, "❤️");
        react(a2, "r3", m, "😂");
        awaitDone(a2, "r3");
        awaitDone(b1, "r2");
        assertThat(reactions(history(conversation, b), m)).as("a new emoji replaces the old one")
                .containsExactlyInAnyOrder(b + " ❤️", a + " 😂");

        react(b1, "r4", m, "");
        DoneFrame removed = awaitDone(b1, "r4");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(a1, ReactionFrame.class))
                .contains(new ReactionFrame(conversation, m, b, "", removed.at())));
        assertThat(reactions(history(conversation, a), m)).containsExactly(a + " 😂");
        assertThat(count("select count(*) from reaction r join message m on m.id = r.message_id "
                + "where m.client_id = ?", m)).isEqualTo(1);
        // A message nobody reacted to has no reactions in the history.
        String plain = events.send(a1, b, "plain");
        awaitStored(plain);
        assertThat(item(history(conversation, a), plain).has("reactions")).isFalse();
        assertThat(item(history(conversation, a), plain).has("editedAt")).isFalse();
    }

    @Test
    void theSameIdAgainAppliesNothingAndAnswersTheSame() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String m = events.send(a1, b, "hi");
        awaitStored(m);
        String conversation = ConversationIds.direct(a, b);

        MessageActionAuthorized first = react(b1, "same", m, "👍");
        DoneFrame done = awaitDone(b1, "same");
        react(b1, "other", m, "❤️");
        awaitDone(b1, "other");
        // The client retries the first frame (a new record, a new event id, the same frame id).
        events.action(b1, MessageAction.REACT, "same", m, "👍", null, Instant.now());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(b1, DoneFrame.class))
                .filteredOn(frame -> frame.ref().equals("same")).hasSize(2).containsOnly(done));
        assertThat(reactions(history(conversation, a), m)).as("the repeat changed nothing")
                .containsExactly(b + " ❤️");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(a1, ReactionFrame.class))
                .extracting(ReactionFrame::emoji).containsExactly("👍", "❤️"));

        // A refusal is repeated as it was, too; an edit then a repeat of its id carrying another text.
        edit(b1, "refused", m, "not mine", Instant.now());
        ErrorFrame refused = awaitError(b1, "refused");
        edit(b1, "refused", m, "not mine", Instant.now());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(errorsOf(b1, "refused")).hasSize(2)
                .containsOnly(refused));
        edit(a1, "e1", m, "hi!", Instant.now());
        DoneFrame edited = awaitDone(a1, "e1");
        edit(a1, "e1", m, "something else", Instant.now());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(a1, DoneFrame.class))
                .filteredOn(frame -> frame.ref().equals("e1")).hasSize(2).containsOnly(edited));
        assertThat(item(history(conversation, b), m).get("body").get("text").asString()).isEqualTo("hi!");
        assertThat(first.actionId()).isEqualTo("same");
    }

    @Test
    void onlyTheSenderEditsATextWithinFifteenMinutesAndEveryoneSeesTheNewText() throws Exception {
        String a = newUser();
        String b = newUser();
        String stranger = newUser();
        DeviceSession a1 = device(a);
        DeviceSession a2 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession s1 = device(stranger);
        onlineAndReady(a1, a2, b1, s1);
        String m = events.send(a1, b, "see you at 5");
        String image = events.sendImage(a1, b, "media-" + UUID.randomUUID());
        awaitStored(m);
        awaitStored(image);
        String conversation = ConversationIds.direct(a, b);

        edit(a1, "e1", m, "see you at 6", Instant.now());
        DoneFrame done = awaitDone(a1, "e1");
        EditedFrame told = new EditedFrame(conversation, m, MessageBody.text("see you at 6"), done.at());
        for (DeviceSession device : List.of(a1, a2, b1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(device, EditedFrame.class))
                    .containsExactly(told));
        }
        JsonNode item = item(history(conversation, b), m);
        assertThat(item.get("body").get("text").asString()).isEqualTo("see you at 6");
        assertThat(item.get("editedAt").asLong()).isEqualTo(done.at());
        assertThat(jdbc.sql("select body from message where client_id = ?").param(m).query(String.class).single())
                .contains("see you at 6").doesNotContain("at 5");

        edit(b1, "e2", m, "hijacked", Instant.now());
        assertThat(awaitError(b1, "e2").code()).as("not the sender").isEqualTo(ErrorFrame.FORBIDDEN);
        edit(a1, "e3", m, "too late", Instant.now().plus(Duration.ofMinutes(16)));
        assertThat(awaitError(a1, "e3").code()).as("16 minutes after").isEqualTo(ErrorFrame.FORBIDDEN);
        edit(a1, "e4", image, "a caption?", Instant.now());
        assertThat(awaitError(a1, "e4").code()).as("an image").isEqualTo(ErrorFrame.INVALID);
        edit(a1, "e5", "no-such-" + UUID.randomUUID(), "x", Instant.now());
        assertThat(awaitError(a1, "e5").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        edit(s1, "e6", m, "x", Instant.now());
        assertThat(awaitError(s1, "e6").code()).as("a stranger learns nothing").isEqualTo(ErrorFrame.NOT_FOUND);
        react(s1, "r1", m, "👍");
        assertThat(awaitError(s1, "r1").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(item(history(conversation, a), m).get("body").get("text").asString()).isEqualTo("see you at 6");
        assertThat(framesOf(b1, EditedFrame.class)).containsExactly(told);
    }

    @Test
    void aDeleteErasesTheBodyAndEverythingAboutTheMessageIsNotFoundAfterwards() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession a2 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, a2, b1);
        String m = events.send(a1, b, "my secret plan");
        String keep = events.send(a1, b, "keep this");
        awaitStored(m);
        awaitStored(keep);
        String conversation = ConversationIds.direct(a, b);
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 2);
        events.receipt(b1, ReceiptStatus.DELIVERED, m, keep);
        react(b1, "r1", m, "😮");
        edit(a1, "e1", m, "my secret plan, v2", Instant.now());
        awaitDone(b1, "r1");
        awaitDone(a1, "e1");

        delete(b1, "d0", m, Instant.now());
        assertThat(awaitError(b1, "d0").code()).as("not the sender, no group").isEqualTo(ErrorFrame.FORBIDDEN);
        delete(a1, "late", m, Instant.now().plus(Duration.ofHours(49)));
        assertThat(awaitError(a1, "late").code()).as("after 48 hours").isEqualTo(ErrorFrame.FORBIDDEN);

        delete(a1, "d1", m, Instant.now());
        DoneFrame done = awaitDone(a1, "d1");
        for (DeviceSession device : List.of(a1, a2, b1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(device, DeletedFrame.class))
                    .containsExactly(new DeletedFrame(conversation, m, a, done.at())));
        }
        // Erased, not hidden: no body, no reaction, no text of its edit anywhere in the database.
        assertThat(count("select count(*) from message where client_id = ? and body is null", m)).isOne();
        assertThat(count("select count(*) from reaction r join message m on m.id = r.message_id "
                + "where m.client_id = ?", m)).isZero();
        assertThat(count("select count(*) from message_action where frame like '%secret%'")).isZero();
        assertThat(count("select count(*) from pending_notice where frame like '%secret%'")).isZero();
        assertThat(count("select count(*) from message where body like '%secret%'")).isZero();

        for (String user : List.of(a, b)) {
            JsonNode item = item(history(conversation, user), m);
            List<String> fields = new ArrayList<>();
            item.propertyNames().forEach(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("type", "id", "conversationId", "from", "seq", "sentAt",
                    "deleted");
            assertThat(item.get("deleted").asBoolean()).isTrue();
            assertThat(item.get("from").asString()).isEqualTo(a);
        }
        assertThat(item(history(conversation, b), keep).get("body").get("text").asString()).isEqualTo("keep this");
        assertThat(unread(conversation, b)).as("b got both, read neither: only the one left counts").isOne();

        react(b1, "r2", m, "👍");
        assertThat(awaitError(b1, "r2").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        edit(a1, "e2", m, "back", Instant.now());
        assertThat(awaitError(a1, "e2").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        delete(a1, "d2", m, Instant.now());
        assertThat(awaitError(a1, "d2").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        events.receipt(b1, ReceiptStatus.READ, m);
        assertThat(awaitError(b1, m).code()).as("a receipt for it").isEqualTo(ErrorFrame.NOT_FOUND);
        // The repeat of the delete's own id still answers done.
        delete(a1, "d1", m, Instant.now());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(a1, DoneFrame.class))
                .filteredOn(frame -> frame.ref().equals("d1")).hasSize(2).containsOnly(done));
    }

    @Test
    void aRecipientThatHasNotReceivedADeletedMessageNeverGetsItsBody() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        onlineAndReady(a1);
        String m = events.send(a1, b, "oops, wrong chat");
        String other = events.send(a1, b, "hello");
        awaitStored(m);
        awaitStored(other);
        edit(a1, "e1", m, "oops, wrong chat again");
        awaitDone(a1, "e1");
        assertThat(count("select count(*) from pending_notice where user_id = ? and frame like '%wrong chat again%'",
                b)).as("the edit waits for b").isEqualTo(1);
        delete(a1, "d1", m, Instant.now());
        awaitDone(a1, "d1");
        assertThat(count("select count(*) from delivery d join message m on m.id = d.message_id "
                + "where m.client_id = ?", m)).as("its pending delivery is dropped").isZero();
        assertThat(count("select count(*) from pending_notice where frame like '%wrong chat%'")).isZero();

        DeviceSession b1 = device(b);
        onlineAndReady(b1);
        String conversation = ConversationIds.direct(a, b);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(b1, DeletedFrame.class))
                .extracting(DeletedFrame::messageId).containsExactly(m));
        assertThat(tap.messages(b1.sessionId())).extracting(MessageFrame::id).containsExactly(other);
        assertThat(tap.frames(b1.sessionId()).toString()).doesNotContain("wrong chat");
        assertThat(item(history(conversation, b), m).has("body")).isFalse();
    }

    @Test
    void aDeviceThatWasOfflineGetsTheActionsInTheOrderTheyHappenedWhenItConnects() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String m = events.send(a1, b, "first");
        String n = events.send(a1, b, "second");
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 2);
        events.receipt(b1, ReceiptStatus.DELIVERED, m, n);
        awaitDelivered(m, b);
        awaitDelivered(n, b);
        events.closed(b1);
        awaitSessionRemoved(b1);

        react(a1, "x1", m, "👍");
        edit(a1, "x2", m, "first!");
        react(a1, "x3", m, "🎉");
        delete(a1, "x4", n, Instant.now());
        awaitDone(a1, "x4");

        DeviceSession b2 = device(b);
        onlineAndReady(b2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(actionFrames(b2)).hasSize(4));
        assertThat(actionFrames(b2)).extracting(MessageActionsIntegrationTest::describe).containsExactly(
                "reaction " + m + " 👍", "edited " + m + " first!", "reaction " + m + " 🎉", "deleted " + n);
        assertThat(count("select count(*) from pending_notice where user_id = ?", b)).isZero();
    }

    @Test
    void inAGroupMembersReactTheAdminDeletesAnyMessageAndAFormerMemberIsForbidden() throws Exception {
        String group = newGroup();
        String admin = newUser();
        String a = newUser();
        String b = newUser();
        String later = newUser();
        String outsider = newUser();
        GROUP_SERVICE.put(group, List.of(admin, a, b));
        DeviceSession admin1 = device(admin);
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        DeviceSession later1 = device(later);
        DeviceSession outsider1 = device(outsider);
        onlineAndReady(admin1, a1, b1, later1, outsider1);
        String m = events.sendToGroup(a1, group, List.of(admin, b), "hello group");
        String n = events.sendToGroup(a1, group, List.of(admin, b), "second");
        awaitStored(m);
        awaitStored(n);

        react(b1, "g1", m, "👍");
        DoneFrame reacted = awaitDone(b1, "g1");
        for (DeviceSession device : List.of(admin1, a1, b1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(device, ReactionFrame.class))
                    .containsExactly(new ReactionFrame(group, m, b, "👍", reacted.at())));
        }
        react(outsider1, "g2", m, "👍");
        assertThat(awaitError(outsider1, "g2").code()).isEqualTo(ErrorFrame.NOT_FOUND);
        delete(b1, "g3", m, Instant.now());
        assertThat(awaitError(b1, "g3").code()).as("a member, not the sender nor an admin")
                .isEqualTo(ErrorFrame.FORBIDDEN);

        // A member added later never got m: it cannot react to it, and hears nothing of it.
        GROUP_SERVICE.put(group, List.of(admin, a, b, later));
        react(later1, "g4", m, "👍");
        assertThat(awaitError(later1, "g4").code()).isEqualTo(ErrorFrame.NOT_FOUND);

        // b leaves: it may no longer react, and is told nothing more.
        GROUP_SERVICE.put(group, List.of(admin, a, later));
        react(b1, "g5", m, "😢");
        assertThat(awaitError(b1, "g5").code()).isEqualTo(ErrorFrame.FORBIDDEN);

        delete(admin1, "g6", m, Instant.now().plus(Duration.ofDays(30)));
        DoneFrame deleted = awaitDone(admin1, "g6");
        for (DeviceSession device : List.of(admin1, a1)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(device, DeletedFrame.class))
                    .containsExactly(new DeletedFrame(group, m, admin, deleted.at())));
        }
        assertThat(count("select count(*) from message where client_id = ? and body is null", m)).isOne();
        // The sender deletes its own; b, gone, is not told of either deletion.
        delete(a1, "g7", n, Instant.now());
        awaitDone(a1, "g7");
        await().atMost(PATIENCE).until(() -> framesOf(admin1, DeletedFrame.class).size() == 2);
        assertThat(framesOf(b1, DeletedFrame.class)).isEmpty();
        assertThat(framesOf(later1, DeletedFrame.class)).isEmpty();
    }

    @Test
    void aDeletedImageIsReleasedOnceNoOtherMessageRefersToIt() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        onlineAndReady(a1);
        String mediaId = "media-" + UUID.randomUUID();
        String first = events.sendImage(a1, b, mediaId);
        String second = events.sendImage(a1, b, mediaId);
        awaitStored(first);
        awaitStored(second);

        delete(a1, "d1", first, Instant.now());
        awaitDone(a1, "d1");
        assertThat(MediaTopic.released()).extracting(MediaReleased::mediaId).doesNotContain(mediaId);
        assertThat(count("select count(*) from message where client_id = ? and media_id is null", first)).isOne();

        delete(a1, "d2", second, Instant.now());
        awaitDone(a1, "d2");
        assertThat(MediaTopic.released()).filteredOn(released -> released.mediaId().equals(mediaId))
                .extracting(MediaReleased::lastMessageId).containsExactly(second);
    }
    @Test
    void aReplyCarriesItsQuoteToEveryCopyAndTheQuoteLosesItsPreviewWhenTheOriginalIsDeleted() throws Exception {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String conversation = ConversationIds.direct(a, b);
        String longText = "a".repeat(99) + "😀" + " the secret part";
        String m = events.send(a1, b, longText);
        awaitStored(m);

        String r = events.reply(b1, a, "sure", m);
        awaitStored(r);
        ReplyTo quote = new ReplyTo(m, a, "a".repeat(99) + "😀");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(a1.sessionId()))
                .filteredOn(frame -> frame.id().equals(r)).extracting(MessageFrame::replyTo).containsOnly(quote));
        DeviceSession a2 = device(a);
        onlineAndReady(a2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(a2.sessionId()))
                .as("the flush on connect").filteredOn(frame -> frame.id().equals(r))
                .extracting(MessageFrame::replyTo).containsOnly(quote));
        for (String user : List.of(a, b)) {
            JsonNode replyTo = item(history(conversation, user), r).get("replyTo");
            assertThat(replyTo.get("id").asString()).isEqualTo(m);
            assertThat(replyTo.get("from").asString()).isEqualTo(a);
            assertThat(replyTo.get("preview").asString()).isEqualTo(quote.preview());
        }
        assertThat(item(history(conversation, a), m).has("replyTo")).isFalse();

        // Refused, nothing stored: an unknown id, a message of another conversation, and a deleted one.
        String elsewhere = events.send(b1, newUser(), "b's other chat");
        awaitStored(elsewhere);
        String unknown = events.reply(b1, a, "to nothing", "no-such-message");
        String otherChat = events.reply(b1, a, "to another chat", elsewhere);
        edit(a1, "e1", m, "fixed: the secret part");
        awaitDone(a1, "e1");
        assertThat(item(history(conversation, b), r).get("replyTo").get("preview").asString())
                .as("the quote shows the edit").isEqualTo("fixed: the secret part");
        delete(a1, "d1", m, Instant.now());
        awaitDone(a1, "d1");
        String toDeleted = events.reply(b1, a, "too late", m);
        for (String refused : List.of(unknown, otherChat, toDeleted)) {
            ErrorFrame error = awaitError(b1, refused);
            assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
            assertThat(count("select count(*) from message where client_id = ?", refused)).isZero();
        }
        assertThat(tap.receipts(b1.sessionId())).extracting(ReceiptFrame::messageId)
                .doesNotContain(unknown, otherChat, toDeleted);

        // The quote of a deleted message keeps who and which, never the erased text: history and later copies.
        for (String user : List.of(a, b)) {
            JsonNode replyTo = item(history(conversation, user), r).get("replyTo");
            assertThat(replyTo.get("id").asString()).isEqualTo(m);
            assertThat(replyTo.has("preview")).isFalse();
        }
        DeviceSession a3 = device(a);
        onlineAndReady(a3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(a3.sessionId()))
                .filteredOn(frame -> frame.id().equals(r)).extracting(MessageFrame::replyTo)
                .containsOnly(new ReplyTo(m, a, null)));
        assertThat(count("select count(*) from message where body like '%secret%'")).isZero();
    }

    @Test
    void inAGroupOnlyWhatTheReplierSentOrReceivedCanBeQuoted() throws Exception {
        String admin = newUser();
        String member = newUser();
        String late = newUser();
        String group = newGroup();
        DeviceSession admin1 = device(admin);
        DeviceSession member1 = device(member);
        DeviceSession late1 = device(late);
        onlineAndReady(admin1, member1, late1);
        String before = events.sendToGroup(admin1, group, List.of(member), "before you joined");
        awaitStored(before);
        String photo = UUID.randomUUID().toString();
        events.replay(new SendAuthorized(UUID.randomUUID(), Instant.now(), admin1, photo, Recipient.group(group),
                group, List.of(member, late), new MessageBody(null, new MessageBody.Image("media-1", "the view"))));
        awaitStored(photo);

        String notSeen = groupReply(late1, group, List.of(admin, member), before);
        assertThat(awaitError(late1, notSeen).code()).isEqualTo(ErrorFrame.NOT_FOUND);
        String seen = groupReply(late1, group, List.of(admin, member), photo);
        awaitStored(seen);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(member1.sessionId()))
                .filteredOn(frame -> frame.id().equals(seen)).extracting(MessageFrame::replyTo)
                .containsOnly(new ReplyTo(photo, admin, "Photo: the view")));
    }

    private String groupReply(DeviceSession sender, String group, List<String> recipients, String replyTo) {
        String clientId = UUID.randomUUID().toString();
        events.replay(new SendAuthorized(UUID.randomUUID(), Instant.now(), sender, clientId, Recipient.group(group),
                group, recipients, MessageBody.text("reply"), null, null, List.of(), replyTo));
        return clientId;
    }

    // --- actions, as session-service publishes them

    // --- actions, as session-service publishes them

    private MessageActionAuthorized react(DeviceSession actor, String id, String messageId, String emoji) {
        return events.action(actor, MessageAction.REACT, id, messageId, emoji, null, Instant.now());
    }

    private void edit(DeviceSession actor, String id, String messageId, String text) {
        edit(actor, id, messageId, text, Instant.now());
    }

    private void edit(DeviceSession actor, String id, String messageId, String text, Instant at) {
        events.action(actor, MessageAction.EDIT, id, messageId, null, MessageBody.text(text), at);
    }

    private void delete(DeviceSession actor, String id, String messageId, Instant at) {
        events.action(actor, MessageAction.DELETE, id, messageId, null, null, at);
    }

    // --- what the devices got

    private static <T extends ServerFrame> List<T> framesOf(DeviceSession device, Class<T> type) {
        return tap.frames(device.sessionId()).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static DoneFrame awaitDone(DeviceSession device, String ref) {
        await().atMost(PATIENCE).until(() -> framesOf(device, DoneFrame.class).stream()
                .anyMatch(frame -> frame.ref().equals(ref)) || !errorsOf(device, ref).isEmpty());
        assertThat(errorsOf(device, ref)).as("errors answering %s", ref).isEmpty();
        return framesOf(device, DoneFrame.class).stream().filter(frame -> frame.ref().equals(ref)).findFirst()
                .orElseThrow();
    }

    private static ErrorFrame awaitError(DeviceSession device, String ref) {
        await().atMost(PATIENCE).until(() -> !errorsOf(device, ref).isEmpty());
        assertThat(framesOf(device, DoneFrame.class)).extracting(DoneFrame::ref).doesNotContain(ref);
        return errorsOf(device, ref).getFirst();
    }

    private static List<ErrorFrame> errorsOf(DeviceSession device, String ref) {
        return tap.errors(device.sessionId()).stream().filter(error -> ref.equals(error.ref())).toList();
    }

    private static List<ServerFrame> actionFrames(DeviceSession device) {
        return tap.frames(device.sessionId()).stream().filter(frame -> frame instanceof ReactionFrame
                || frame instanceof EditedFrame || frame instanceof DeletedFrame).toList();
    }

    private static String describe(ServerFrame frame) {
        return switch (frame) {
            case ReactionFrame reaction -> "reaction " + reaction.messageId() + " " + reaction.emoji();
            case EditedFrame edited -> "edited " + edited.messageId() + " " + edited.body().text();
            case DeletedFrame deleted -> "deleted " + deleted.messageId();
            default -> frame.toString();
        };
    }

    // --- the database and the history

    private void awaitStored(String clientId) {
        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", clientId) == 1);
    }

    private void awaitDelivered(String clientId, String recipient) {
        await().atMost(PATIENCE).until(() -> count("select count(*) from delivery d join message m on m.id = "
                + "d.message_id where m.client_id = ? and d.recipient_id = ? and d.status = 'delivered'", clientId,
                recipient) == 1);
    }

    private static List<String> reactions(JsonNode history, String clientId) {
        JsonNode item = item(history, clientId);
        List<String> reactions = new ArrayList<>();
        if (item.has("reactions")) {
            item.get("reactions").forEach(r -> reactions.add(r.get("from").asString() + " "
                    + r.get("emoji").asString()));
        }
        return reactions;
    }

    private static JsonNode item(JsonNode history, String clientId) {
        for (JsonNode item : history.get("messages")) {
            if (item.get("id").asString().equals(clientId)) {
                return item;
            }
        }
        throw new AssertionError("message " + clientId + " is not in the history " + history);
    }

    /** The history as {@code caller} reads it, once the last action's transaction is visible (frames go first). */
    private JsonNode history(String conversationId, String caller) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations/" + conversationId + "/messages"))
                .header("Authorization", "Bearer " + TestTokens.token(caller)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    /** The chat list's {@code unread} count of one conversation for {@code caller}. */
    private long unread(String conversationId, String caller) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/conversations"))
                .header("Authorization", "Bearer " + TestTokens.token(caller)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode chat : EventJson.MAPPER.readTree(response.body()).get("conversations")) {
            if (chat.get("conversationId").asString().equals(conversationId)) {
                return chat.get("unread").asLong();
            }
        }
        throw new AssertionError("no chat " + conversationId + " in " + response.body());
    }
}

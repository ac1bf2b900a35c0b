package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.DeletedFrame;
import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReactionFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.ReplyTo;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.message.actions.MessageActions;
import dev.courier.message.receipts.ReceiptHandler;
import dev.courier.message.routing.FrameRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A poll of {@code courier.messages} is one unit of work: one transaction and a number of SQL statements that does
 * not grow with the number of sends and receipts in it, its frames sent once it committed. The records are handed to
 * the listener here as its Kafka container would hand them, on the test's thread, so that the statements and commits
 * of exactly that poll can be counted ({@link StatementCounter}).
 */
@SpringBootTest(properties = {
        "courier.message.retry.initial-backoff=1h",
        "courier.message.retry.max-backoff=2h",
        "courier.message.sessions.lease=3s",
})
@Import(StatementCounter.class)
@DirtiesContext
class PollUnitOfWorkIntegrationTest extends MessageServiceIntegrationTest {

    /** Offsets far from the listener's own, so the records made here are never taken for the topic's records. */
    private static final AtomicLong OFFSETS = new AtomicLong(1L << 40);

    @Autowired
    MessagesListener listener;
    @Autowired
    ReceiptHandler receiptHandler;
    @Autowired
    FrameRouter router;
    @Autowired
    MessageActions actions;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void aPollOfManySendsAndReceiptsIsOneTransactionOfAFewStatements() {
        int few = pollCost(3).statements();
        Cost many = pollCost(60);

        assertThat(many.commits()).as("one transaction for the whole poll").isEqualTo(1);
        assertThat(many.statements()).as("set-based: as many statements for 60 sends and receipts as for 3")
                .isEqualTo(few)
                .isLessThanOrEqualTo(14);
    }

    /**
     * {@code count} senders, each with a ready device, send to a recipient in one poll, and a reader acknowledges
     * {@code count} earlier messages in the same poll; answers what the poll cost and checks what it sent.
     */
    private Cost pollCost(int count) {
        String reader = newUser();
        DeviceSession readerDevice = device(reader);
        DeviceSession earlierSender = device(newUser());
        onlineAndReady(readerDevice, earlierSender);
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            earlier.add(events.send(earlierSender, reader, "earlier " + i));
        }
        await().atMost(PATIENCE).until(() -> tap.messages(readerDevice.sessionId()).size() == count);

        List<ConsumerRecord<String, CourierEvent>> poll = new ArrayList<>();
        List<DeviceSession> senders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DeviceSession sender = device(newUser());
            senders.add(sender);
            poll.add(record(ConversationIds.direct(sender.userId(), reader), send(sender, reader, "hello " + i)));
        }
        onlineAndReady(senders.toArray(DeviceSession[]::new));
        for (String id : earlier) {
            poll.add(record(reader, new ReceiptAuthorized(UUID.randomUUID(), Instant.now(), readerDevice,
                    ReceiptStatus.DELIVERED, List.of(id))));
        }

        StatementCounter.reset();
        listener.onMessages(poll);
        Cost cost = new Cost(StatementCounter.statements(), StatementCounter.commits());

        for (DeviceSession sender : senders) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(sender.sessionId()))
                    .extracting(ReceiptFrame::status, ReceiptFrame::seq)
                    .containsExactly(tuple(ReceiptStatus.SENT, 1L)));
        }
        await().atMost(PATIENCE).until(() -> tap.messages(readerDevice.sessionId()).size() == 2 * count);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(earlierSender.sessionId()))
                .filteredOn(receipt -> receipt.status() == ReceiptStatus.DELIVERED)
                .extracting(ReceiptFrame::messageId).containsExactlyElementsOf(earlier));
        return cost;
    }

    @Test
    void aReceiptWhoseFramesNeverReachedKafkaIsToldAgainWhenItsRecordIsHandedOverAgain() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String id = events.send(a1, b, "one");
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 1);
        var receipt = new ReceiptAuthorized(UUID.randomUUID(), Instant.now(), b1, ReceiptStatus.DELIVERED,
                List.of(id));
        ConsumerRecord<String, CourierEvent> record = record(b, receipt);

        // The poll committed, then the service died before the broker had its frames: they are dropped here.
        FrameRouter.Batch lost = router.batch();
        transaction.executeWithoutResult(status -> receiptHandler.handle(List.of(new ReceiptHandler.PositionedReceipt(
                0, receipt, ReceiptHandler.recordKey(record.partition(), record.offset()))), lost));
        assertThat(status(id, b)).isEqualTo("delivered");

        listener.onMessages(List.of(record));
        await().atMost(PATIENCE).until(() -> tap.receipts(a1.sessionId()).stream()
                .anyMatch(r -> r.status() == ReceiptStatus.DELIVERED));

        // The same receipt in another record (a client's repeat) tells nothing more.
        listener.onMessages(List.of(record(b, receipt)));
        events.receipt(b1, ReceiptStatus.READ, id);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(a1.sessionId()))
                .extracting(ReceiptFrame::status)
                .containsExactly(ReceiptStatus.SENT, ReceiptStatus.DELIVERED, ReceiptStatus.READ));
    }

    @Test
    void anIdAnotherSenderAlreadyUsedIsRefusedAndNothingIsStored() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession intruder = device(newUser());
        DeviceSession b1 = device(b);
        onlineAndReady(a1, intruder, b1);
        String id = events.send(a1, b, "mine");
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 1);

        events.send(intruder, id, b, "the same id, someone else");
        await().atMost(PATIENCE).until(() -> !tap.errors(intruder.sessionId()).isEmpty());
        String sameIdTwiceInOnePoll = UUID.randomUUID().toString();
        listener.onMessages(List.of(
                record(ConversationIds.direct(a, b), send(a1, sameIdTwiceInOnePoll, b, "first")),
                record(ConversationIds.direct(intruder.userId(), b), send(intruder, sameIdTwiceInOnePoll, b,
                        "second, another sender"))));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.errors(intruder.sessionId()))
                .extracting(ErrorFrame::code, ErrorFrame::ref)
                .containsExactly(tuple(ErrorFrame.INVALID, id), tuple(ErrorFrame.INVALID, sameIdTwiceInOnePoll)));
        assertThat(tap.receipts(intruder.sessionId())).isEmpty();
        assertThat(count("select count(*) from message where client_id in (?, ?)", id, sameIdTwiceInOnePoll))
                .isEqualTo(2);
        assertThat(count("select count(*) from message where sender_id = ?", intruder.userId())).isZero();
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 2);
        assertThat(tap.messages(b1.sessionId())).allSatisfy(message -> assertThat(message.from()).isEqualTo(a));
    }

    @Test
    void aPollOfManyMessageActionsIsOneTransactionOfAFewStatements() {
        int few = actionPollCost(3).statements();
        Cost many = actionPollCost(30);

        assertThat(many.commits()).as("one transaction for the whole poll").isEqualTo(1);
        assertThat(many.statements()).as("set-based: as many statements for 30 messages' actions as for 3")
                .isEqualTo(few);
    }

    /**
     * {@code count} messages from a to b; in one poll b reacts to each, a edits every second one and deletes every
     * third one, and b repeats its first reaction's id. Answers what the poll cost and checks what it sent.
     */
    private Cost actionPollCost(int count) {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(events.send(a1, b, "message " + i));
        }
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == count);

        List<ConsumerRecord<String, CourierEvent>> poll = new ArrayList<>();
        int edits = 0;
        int deletes = 0;
        for (int i = 0; i < count; i++) {
            poll.add(record(b, action(b1, MessageAction.REACT, "r" + i, messages.get(i), "👍", null)));
            if (i % 2 == 0) {
                poll.add(record(a, action(a1, MessageAction.EDIT, "e" + i, messages.get(i), null,
                        MessageBody.text("edited " + i))));
                edits++;
            }
            if (i % 3 == 0) {
                poll.add(record(a, action(a1, MessageAction.DELETE, "d" + i, messages.get(i), null, null)));
                deletes++;
            }
        }
        poll.add(record(b, action(b1, MessageAction.REACT, "r0", messages.getFirst(), "❤️", null)));

        StatementCounter.reset();
        listener.onMessages(poll);
        Cost cost = new Cost(StatementCounter.statements(), StatementCounter.commits());

        await().atMost(PATIENCE).until(() -> framesOf(b1, DoneFrame.class).size() == count + 1);
        int actionsOfA = edits + deletes;
        await().atMost(PATIENCE).until(() -> framesOf(a1, DoneFrame.class).size() == actionsOfA);
        assertThat(framesOf(b1, DoneFrame.class).getLast()).as("the repeated id, answered the same")
                .isEqualTo(framesOf(b1, DoneFrame.class).getFirst());
        await().atMost(PATIENCE).until(() -> framesOf(a1, ReactionFrame.class).size() == count);
        assertThat(framesOf(a1, DeletedFrame.class)).hasSize(deletes);
        assertThat(count("select count(*) from reaction r join message m on m.id = r.message_id where m.sender_id = ?",
                a)).as("reactions to the messages not deleted").isEqualTo(count - deletes);
        assertThat(count("select count(*) from message where sender_id = ? and body is null", a)).isEqualTo(deletes);
        return cost;
    }

    @Test
    void repliesCostAPollNoMoreStatementsThanPlainSends() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String conversation = ConversationIds.direct(a, b);
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            earlier.add(events.send(a1, b, "earlier " + i));
        }
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 20);

        List<ConsumerRecord<String, CourierEvent>> plain = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            plain.add(record(conversation, send(b1, a, "plain " + i)));
        }
        StatementCounter.reset();
        listener.onMessages(plain);
        int plainStatements = StatementCounter.statements();

        List<ConsumerRecord<String, CourierEvent>> replies = new ArrayList<>();
        List<String> replyIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            replyIds.add(id);
            replies.add(record(conversation, TestEvents.directReply(b1, id, a, "reply " + i, earlier.get(i))));
        }
        // A reply to a message of the same poll (the same sender's), and one to an unknown id.
        String own = UUID.randomUUID().toString();
        replies.add(record(conversation, TestEvents.directReply(b1, own, a, "to my own", replyIds.getFirst())));
        String unknown = UUID.randomUUID().toString();
        replies.add(record(conversation, TestEvents.directReply(b1, unknown, a, "to nothing", "unknown")));
        StatementCounter.reset();
        listener.onMessages(replies);

        assertThat(StatementCounter.statements()).as("the quotes are read with the ids the poll looks up")
                .isEqualTo(plainStatements);
        await().atMost(PATIENCE).until(() -> tap.messages(a1.sessionId()).size() == 41);
        Map<String, ReplyTo> quotes = new HashMap<>();
        tap.messages(a1.sessionId()).stream().filter(message -> message.replyTo() != null)
                .forEach(message -> quotes.put(message.id(), message.replyTo()));
        for (int i = 0; i < 20; i++) {
            assertThat(quotes.get(replyIds.get(i))).isEqualTo(new ReplyTo(earlier.get(i), a, "earlier " + i));
        }
        assertThat(quotes.get(own)).isEqualTo(new ReplyTo(replyIds.getFirst(), b, "reply 0"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.errors(b1.sessionId()))
                .extracting(ErrorFrame::ref, ErrorFrame::code).containsExactly(tuple(unknown, ErrorFrame.NOT_FOUND)));
        assertThat(count("select count(*) from message where client_id = ?", unknown)).isZero();
    }

    @Test
    void anActionWhoseFramesNeverReachedKafkaIsToldAgainWhenItsRecordIsHandedOverAgain() {
        String a = newUser();
        String b = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        onlineAndReady(a1, b1);
        String id = events.send(a1, b, "react to me");
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).size() == 1);
        MessageActionAuthorized react = action(b1, MessageAction.REACT, "r1", id, "👍", null);
        ConsumerRecord<String, CourierEvent> record = record(b, react);
        var positioned = List.of(new MessageActions.PositionedAction(0, react,
                ReceiptHandler.recordKey(record.partition(), record.offset())));

        // The poll committed, then the service died before the broker had its frames: they are dropped here.
        FrameRouter.Batch lost = router.batch();
        MessageActions.Groups groups = actions.prepare(positioned);
        transaction.executeWithoutResult(status -> actions.handle(positioned, groups, lost));
        assertThat(count("select count(*) from reaction where user_id = ?", b)).isOne();

        listener.onMessages(List.of(record));
        await().atMost(PATIENCE).until(() -> framesOf(a1, ReactionFrame.class).size() == 1);
        await().atMost(PATIENCE).until(() -> framesOf(b1, DoneFrame.class).size() == 1);

        // The same action in another record (a client's repeat) answers done and tells nothing more.
        listener.onMessages(List.of(record(b, react)));
        events.action(b1, MessageAction.REACT, "r2", id, "😂", null, Instant.now());
        await().atMost(PATIENCE).until(() -> framesOf(b1, DoneFrame.class).size() == 3);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(framesOf(a1, ReactionFrame.class))
                .extracting(ReactionFrame::emoji).containsExactly("👍", "😂"));
    }

    private static MessageActionAuthorized action(DeviceSession actor, MessageAction action, String actionId,
                                                  String messageId, String emoji, MessageBody body) {
        return new MessageActionAuthorized(UUID.randomUUID(), Instant.now(), actor, action, actionId, messageId,
                emoji, body);
    }

    private static <T extends ServerFrame> List<T> framesOf(DeviceSession device, Class<T> type) {
        return tap.frames(device.sessionId()).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private String status(String clientId, String recipient) {
        return jdbc.sql("select d.status from delivery d join message m on m.id = d.message_id "
                        + "where m.client_id = ? and d.recipient_id = ?")
                .params(clientId, recipient).query(String.class).single();
    }

    private static SendAuthorized send(DeviceSession sender, String recipient, String text) {
        return send(sender, UUID.randomUUID().toString(), recipient, text);
    }

    private static SendAuthorized send(DeviceSession sender, String clientId, String recipient, String text) {
        return TestEvents.directSend(sender, clientId, recipient, text);
    }

    private static ConsumerRecord<String, CourierEvent> record(String key, CourierEvent event) {
        return new ConsumerRecord<>(Topics.MESSAGES, 0, OFFSETS.incrementAndGet(), key, event);
    }

    private record Cost(int statements, int commits) {
    }
}

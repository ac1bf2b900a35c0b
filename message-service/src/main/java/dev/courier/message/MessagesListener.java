package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import dev.courier.message.actions.MessageActions;
import dev.courier.message.actions.MessageActions.PositionedAction;
import dev.courier.message.delivery.AckLatency;
import dev.courier.message.receipts.ReceiptHandler;
import dev.courier.message.receipts.ReceiptHandler.PositionedReceipt;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.send.SendHandler;
import dev.courier.message.send.SendHandler.PositionedSend;
import dev.courier.support.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code courier.messages}: authorised sends (keyed by conversation, so one thread numbers a conversation's
 * messages), receipts (keyed by reader) and message actions (react, edit, delete; keyed by actor), a poll at a time.
 * A poll is one unit of work: one transaction stores its sends, applies its actions and its receipts with a fixed
 * number of set-based statements ({@link SendHandler}, {@link MessageActions}, {@link ReceiptHandler}), then its
 * frames (the {@code sent} receipts, the pushes, the receipts for senders, the actions' answers and notices) go to
 * Kafka in record order and are awaited once, before the listener returns and the offsets may be committed. Nothing
 * waits for the broker while the transaction is open. A replay (a crash after the commit) is harmless: a stored
 * send answers the same {@code sent} receipt, a receipt tells what it told before.
 * <p>
 * When the poll's transaction fails, its records are done again one at a time, to find the one that fails: the
 * records before it are committed and their frames sent, and it is retried by the error handler, then dead-lettered
 * (service-support's {@link EventPublisher#wholePoll}, the loop of every listener whose poll is one unit of work).
 */
@Component
class MessagesListener {

    private static final Logger log = LoggerFactory.getLogger(MessagesListener.class);

    private final SendHandler sends;
    private final ReceiptHandler receipts;
    private final MessageActions actions;
    private final FrameRouter router;
    private final TransactionTemplate transaction;
    private final AckLatency ackLatency;
    private final EventPublisher publisher;
    private final Clock clock;

    MessagesListener(SendHandler sends, ReceiptHandler receipts, MessageActions actions, FrameRouter router,
                     TransactionTemplate transaction, AckLatency ackLatency, EventPublisher publisher, Clock clock) {
        this.sends = sends;
        this.receipts = receipts;
        this.actions = actions;
        this.router = router;
        this.transaction = transaction;
        this.ackLatency = ackLatency;
        this.publisher = publisher;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.MESSAGES, batch = "true")
    void onMessages(List<ConsumerRecord<String, CourierEvent>> records) {
        if (records.isEmpty()) {
            return;
        }
        ackLatency.behind(Instant.ofEpochMilli(records.getFirst().timestamp()), clock.instant());
        publisher.wholePoll(records, this::apply);
    }

    /** The records' effects in one transaction, then their frames, awaited. */
    private void apply(List<ConsumerRecord<String, CourierEvent>> records) {
        List<PositionedSend> sendsOfPoll = new ArrayList<>();
        List<PositionedReceipt> receiptsOfPoll = new ArrayList<>();
        List<PositionedAction> actionsOfPoll = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            switch (records.get(i).value()) {
                case SendAuthorized send -> sendsOfPoll.add(new PositionedSend(i, send));
                case ReceiptAuthorized receipt -> receiptsOfPoll.add(new PositionedReceipt(i, receipt,
                        ReceiptHandler.recordKey(records.get(i).partition(), records.get(i).offset())));
                case MessageActionAuthorized action -> actionsOfPoll.add(new PositionedAction(i, action,
                        ReceiptHandler.recordKey(records.get(i).partition(), records.get(i).offset())));
                case null -> log.debug("ignoring an empty record on {}", Topics.MESSAGES);
                default -> log.debug("ignoring {} on {}", records.get(i).value().getClass().getSimpleName(),
                        Topics.MESSAGES);
            }
        }
        if (sendsOfPoll.isEmpty() && receiptsOfPoll.isEmpty() && actionsOfPoll.isEmpty()) {
            return;
        }
        FrameRouter.Batch frames = router.batch();
        MessageActions.Groups groups = actionsOfPoll.isEmpty() ? null : actions.prepare(actionsOfPoll);
        transaction.executeWithoutResult(status -> {
            sends.handle(sendsOfPoll, frames);
            // Actions lock their messages before receipts lock deliveries: messages first, as the jobs lock them.
            if (!actionsOfPoll.isEmpty()) {
                actions.handle(actionsOfPoll, groups, frames);
            }
            receipts.handle(receiptsOfPoll, frames);
        });
        frames.await();
    }
}

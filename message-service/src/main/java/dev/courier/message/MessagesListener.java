package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import dev.courier.message.receipts.ReceiptHandler;
import dev.courier.message.send.SendHandler;
import dev.courier.support.kafka.CourierRecordFilter;
import dev.courier.support.tracing.KafkaTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code courier.messages}: authorised sends (keyed by conversation, so one thread numbers a conversation's
 * messages) and receipts (keyed by reader), a poll at a time. Sends are stored one by one as they come and their
 * receipts and pushes go out together (see {@link SendHandler.Batch}); before a receipt is handled, the pushes
 * of the sends before it are out, so a sender never hears "delivered" before "sent". Every effect is durable,
 * database and Kafka, before the listener returns and the offsets are committed; a replay is harmless.
 */
@Component
class MessagesListener {

    private static final Logger log = LoggerFactory.getLogger(MessagesListener.class);

    private final SendHandler sends;
    private final ReceiptHandler receipts;
    private final KafkaTracing tracing;

    MessagesListener(SendHandler sends, ReceiptHandler receipts, KafkaTracing tracing) {
        this.sends = sends;
        this.receipts = receipts;
        this.tracing = tracing;
    }

    @KafkaListener(topics = Topics.MESSAGES, batch = "true")
    void onMessages(List<ConsumerRecord<String, CourierEvent>> records) {
        SendHandler.Batch batch = sends.batch();
        for (ConsumerRecord<String, CourierEvent> record : records) {
            // Each record's trace and message id in the logs of its handling (the pushes at the end of the batch
            // keep their message's trace through the batch interceptor).
            tracing.enter(record);
            try {
                if (CourierRecordFilter.unreadable(record)) {
                    throw CourierRecordFilter.failure(record);
                }
                switch (record.value()) {
                    case SendAuthorized send -> batch.add(send);
                    case ReceiptAuthorized receipt -> {
                        batch.flush();
                        receipts.handle(receipt);
                    }
                    case null -> log.debug("ignoring an empty record on {}", Topics.MESSAGES);
                    default -> log.debug("ignoring {} on {}", record.value().getClass().getSimpleName(),
                            Topics.MESSAGES);
                }
            } catch (Exception e) {
                // The records before this one are stored: their pushes go out before the error handler commits
                // them and retries this one on its own (then dead-letters it).
                batch.flush();
                throw new BatchListenerFailedException("Record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " failed: " + e, e, record);
            } finally {
                tracing.exit();
            }
        }
        batch.flush();
    }
}

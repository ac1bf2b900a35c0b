package dev.courier.message;

import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import dev.courier.message.receipts.ReceiptHandler;
import dev.courier.message.send.SendHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code courier.messages}: authorised sends (keyed by conversation, so one thread numbers a conversation's
 * messages) and receipts (keyed by reader). Each handler's effect is durable, database and Kafka, before it
 * returns; the offset is committed after, and a replay is harmless.
 */
@Component
@KafkaListener(topics = Topics.MESSAGES)
class MessagesListener {

    private static final Logger log = LoggerFactory.getLogger(MessagesListener.class);

    private final SendHandler sends;
    private final ReceiptHandler receipts;

    MessagesListener(SendHandler sends, ReceiptHandler receipts) {
        this.sends = sends;
        this.receipts = receipts;
    }

    @KafkaHandler
    void sendAuthorized(SendAuthorized send) {
        sends.handle(send);
    }

    @KafkaHandler
    void receiptAuthorized(ReceiptAuthorized receipt) {
        receipts.handle(receipt);
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {} on {}", event.getClass().getSimpleName(), Topics.MESSAGES);
    }
}

package dev.courier.lastseen.push;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code courier.messages}, the sends message-service stores, read in a consumer group of its own
 * ({@code last-seen-service-push}) beside message-service's: push is a reader of the message path, never a hop on it
 * (ADR 009). A new group starts at the end of the topic ({@code latest}): a first start pushes no history. Receipts
 * and message actions on the same topic are skipped.
 */
@Component
class PushListener {

    private final MessagePushes pushes;

    PushListener(MessagePushes pushes) {
        this.pushes = pushes;
    }

    @KafkaListener(id = "last-seen-push", groupId = "last-seen-service-push", topics = Topics.MESSAGES,
            batch = "true", properties = "auto.offset.reset=latest")
    void onMessages(List<ConsumerRecord<String, CourierEvent>> records) {
        pushes.stored(records.stream()
                .map(ConsumerRecord::value)
                .filter(SendAuthorized.class::isInstance)
                .map(SendAuthorized.class::cast)
                .toList());
    }
}

package dev.courier.parser;

import dev.courier.contracts.events.CourierEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes events and waits until the broker has them: a listener returns only once its effects are durable, so
 * the offset it then commits never covers a lost send (ADR 001, "durable first, then acknowledge").
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, CourierEvent> kafka;

    EventPublisher(KafkaTemplate<String, CourierEvent> kafka) {
        this.kafka = kafka;
    }

    /** Sends every record at once, then waits for all of them; a failure is thrown so the record is retried. */
    public void publishAll(Outgoing... records) {
        CompletableFuture<?>[] sends = Arrays.stream(records)
                .map(record -> kafka.send(record.topic(), record.key(), record.event()))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sends).join();
    }

    /** One record to publish: its topic, key and value. */
    public record Outgoing(String topic, String key, CourierEvent event) {
    }
}

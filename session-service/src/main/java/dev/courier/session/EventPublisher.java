package dev.courier.session;

import dev.courier.contracts.events.CourierEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes an event and waits until the broker has it: a listener returns only once its effects are durable, so
 * the offset it then commits never covers a lost send (ADR 001, "durable first, then acknowledge").
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, CourierEvent> kafka;

    EventPublisher(KafkaTemplate<String, CourierEvent> kafka) {
        this.kafka = kafka;
    }

    public void publish(String topic, String key, CourierEvent event) {
        kafka.send(topic, key, event).join();
    }

    /** Sends all, then waits until the broker has every one. */
    public void publishAll(String topic, List<Keyed> events) {
        List<CompletableFuture<?>> sent = events.stream()
                .<CompletableFuture<?>>map(keyed -> kafka.send(topic, keyed.key(), keyed.event()))
                .toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    /** An event with its record key. */
    public record Keyed(String key, CourierEvent event) {
    }
}

package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.testkit.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads everything routed on {@code courier.deliveries} (from the beginning, in its own consumer group) so tests
 * can look at the frames one socket would get, in the order they were routed to it.
 */
final class DeliveriesTap implements AutoCloseable {

    private final List<FrameRouted> routed = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, CourierEvent> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    DeliveriesTap() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "message-service-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new CourierEventDeserializer());
        consumer.subscribe(List.of(Topics.DELIVERIES));
        poller = Thread.ofPlatform().daemon().name("deliveries-tap").start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() instanceof FrameRouted frame) {
                        routed.add(frame);
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Every frame routed to this socket so far, in routing order. */
    List<ServerFrame> frames(String sessionId) {
        return routed.stream()
                .filter(r -> r.target().sessionId().equals(sessionId))
                .map(FrameRouted::frame)
                .toList();
    }

    List<MessageFrame> messages(String sessionId) {
        return frames(sessionId).stream()
                .filter(MessageFrame.class::isInstance).map(MessageFrame.class::cast).toList();
    }

    List<ReceiptFrame> receipts(String sessionId) {
        return frames(sessionId).stream()
                .filter(ReceiptFrame.class::isInstance).map(ReceiptFrame.class::cast).toList();
    }

    List<ErrorFrame> errors(String sessionId) {
        return frames(sessionId).stream()
                .filter(ErrorFrame.class::isInstance).map(ErrorFrame.class::cast).toList();
    }

    /** Every record routed to this socket, with its key (the target user id). */
    List<FrameRouted> routedTo(String sessionId) {
        return routed.stream().filter(r -> r.target().sessionId().equals(sessionId)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
    }
}

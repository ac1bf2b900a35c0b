package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierEventSerializer;
import dev.courier.testkit.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays live gateways: publishes {@link GatewayHeartbeat} for each gateway it was started for, every
 * {@code interval}, as a gateway does. Beats are sent one at a time and awaited, so a restart is never overtaken
 * by a heartbeat of the earlier run.
 */
final class GatewayHeartbeats implements AutoCloseable {

    private final KafkaProducer<String, CourierEvent> producer;
    private final Map<String, Instant> alive = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    GatewayHeartbeats(Duration interval) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers()),
                new StringSerializer(), new CourierEventSerializer());
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("test-gateway-heartbeats").factory());
        timer.scheduleAtFixedRate(this::beatAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code gatewayId} alive from now on, as started at {@code startedAt} (a new time = a restart). */
    synchronized void start(String gatewayId, Instant startedAt) {
        alive.put(gatewayId, startedAt);
        once(gatewayId, startedAt);
    }

    /** No more heartbeats for {@code gatewayId}. */
    synchronized void stop(String gatewayId) {
        alive.remove(gatewayId);
    }

    /** One heartbeat and no more (unless started): a gateway that dies right after. */
    synchronized void once(String gatewayId, Instant startedAt) {
        try {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, gatewayId,
                    new GatewayHeartbeat(UUID.randomUUID(), Instant.now(), gatewayId, startedAt)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish a heartbeat of " + gatewayId, e);
        }
    }

    private synchronized void beatAll() {
        try {
            alive.forEach(this::once);
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        producer.close();
    }
}

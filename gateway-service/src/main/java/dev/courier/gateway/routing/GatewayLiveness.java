package dev.courier.gateway.routing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.Topics;
import dev.courier.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@link GatewayHeartbeat} on {@code courier.sessions} (key = gateway id) when the gateway starts and then
 * every {@code liveness-interval}. A gateway killed outright never publishes its sockets' {@code SessionClosed};
 * the heartbeat gives its sessions a lease instead. {@code startedAt} is taken when this bean is created, before any
 * socket is accepted, and stays the same for the life of the process: sessions of this gateway id opened before it
 * belong to an earlier run that crashed.
 */
@Component
class GatewayLiveness implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GatewayLiveness.class);

    private final KafkaTemplate<String, CourierEvent> kafka;
    private final String gatewayId;
    private final long intervalMillis;
    private final Instant startedAt = Instant.now();
    private ScheduledExecutorService timer;

    GatewayLiveness(KafkaTemplate<String, CourierEvent> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.gatewayId = properties.id();
        this.intervalMillis = properties.livenessInterval().toMillis();
    }

    void beat() {
        var heartbeat = new GatewayHeartbeat(UUID.randomUUID(), Instant.now(), gatewayId, startedAt);
        kafka.send(Topics.SESSIONS, gatewayId, heartbeat).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("Heartbeat {} of gateway {} not published: {}", heartbeat.eventId(), gatewayId,
                        failure.toString());
            }
        });
    }

    @Override
    public synchronized void start() {
        log.info("Gateway {} (started {}) heartbeats every {} ms", gatewayId, startedAt, intervalMillis);
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gateway-liveness").daemon().factory());
        timer.scheduleAtFixedRate(this::beatSafely, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("Heartbeat of gateway {} failed", gatewayId, e);
        }
    }
}

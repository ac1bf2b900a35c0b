package dev.courier.gateway.routing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.Topics;
import dev.courier.gateway.FixedRateTask;
import dev.courier.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes {@link GatewayHeartbeat} on {@code courier.sessions} (key = gateway id) when the gateway starts and then
 * every {@code liveness-interval}. A gateway killed outright never publishes its sockets' {@code SessionClosed};
 * the heartbeat gives its sessions a lease instead. {@code startedAt} is taken when this bean is created, before any
 * socket is accepted, and stays the same for the life of the process: sessions of this gateway id opened before it
 * belong to an earlier run that crashed.
 */
@Component
class GatewayLiveness extends FixedRateTask {

    private static final Logger log = LoggerFactory.getLogger(GatewayLiveness.class);

    private final KafkaTemplate<String, CourierEvent> kafka;
    private final String gatewayId;
    private final Duration interval;
    private final Instant startedAt = Instant.now();

    GatewayLiveness(KafkaTemplate<String, CourierEvent> kafka, GatewayProperties properties) {
        super("gateway-liveness", Duration.ZERO, properties.livenessInterval());
        this.kafka = kafka;
        this.gatewayId = properties.id();
        this.interval = properties.livenessInterval();
    }

    @Override
    protected void runRound() {
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
        log.info("Gateway {} (started {}) heartbeats every {}", gatewayId, startedAt, interval);
        super.start();
    }
}

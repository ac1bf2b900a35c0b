package dev.courier.session.sessions;

import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Records the sessions gateways open and close, and the gateways' heartbeats (the sessions' lease, see
 * {@link GatewayLeases}). Idempotent by session id; the offset is committed after the row.
 */
@Component
@KafkaListener(id = "session-sessions", idIsGroup = false, topics = Topics.SESSIONS)
class SessionEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(SessionEventsListener.class);

    private final SessionRegistry registry;
    private final GatewayLeases leases;

    SessionEventsListener(SessionRegistry registry, GatewayLeases leases) {
        this.registry = registry;
        this.leases = leases;
    }

    /** Heartbeats are read from here on; gateways' silence is judged again a lease later. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        leases.listening();
    }

    @KafkaHandler
    void onOpened(SessionOpened opened) {
        if (registry.opened(opened.session(), opened.background(), opened.at())) {
            log.debug("Session {} of user {} opened on gateway {}", opened.session().sessionId(),
                    opened.session().userId(), opened.session().gatewayId());
        } else {
            log.info("Session {} of user {} opened on gateway {} is already dead (gateway restarted or silent): "
                    + "recorded closed", opened.session().sessionId(), opened.session().userId(),
                    opened.session().gatewayId());
        }
    }

    @KafkaHandler
    void onHeartbeat(GatewayHeartbeat heartbeat) {
        leases.heartbeat(heartbeat);
        log.debug("Gateway {} (started {}) is alive", heartbeat.gatewayId(), heartbeat.startedAt());
    }

    @KafkaHandler
    void onClosed(SessionClosed closed) {
        registry.closed(closed.session(), closed.at());
        log.debug("Session {} of user {} closed ({})", closed.session().sessionId(), closed.session().userId(),
                closed.reason());
    }

    @KafkaHandler(isDefault = true)
    void onOther(Object event) {
        log.warn("Ignored unexpected event on {}: {}", Topics.SESSIONS, event.getClass().getSimpleName());
    }
}

package dev.courier.session.sessions;

import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Records the sessions gateways open and close. Idempotent by session id; the offset is committed after the row. */
@Component
@KafkaListener(id = "session-sessions", idIsGroup = false, topics = Topics.SESSIONS)
class SessionEventsListener {

    private static final Logger log = LoggerFactory.getLogger(SessionEventsListener.class);

    private final SessionRegistry registry;

    SessionEventsListener(SessionRegistry registry) {
        this.registry = registry;
    }

    @KafkaHandler
    void onOpened(SessionOpened opened) {
        registry.opened(opened.session(), opened.background(), opened.at());
        log.debug("Session {} of user {} opened on gateway {}", opened.session().sessionId(),
                opened.session().userId(), opened.session().gatewayId());
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

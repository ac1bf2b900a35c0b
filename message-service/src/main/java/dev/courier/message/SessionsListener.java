package dev.courier.message;

import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.message.delivery.PendingMessages;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.PendingNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * {@code courier.sessions}: keeps message-service's own table of live device sessions and, when a socket opens,
 * flushes to it what waits for its user: pending messages in {@code seq} order, then pending notices.
 */
@Component
@KafkaListener(topics = Topics.SESSIONS)
class SessionsListener {

    private static final Logger log = LoggerFactory.getLogger(SessionsListener.class);

    private final DeviceSessions sessions;
    private final PendingMessages pendingMessages;
    private final PendingNotices pendingNotices;
    private final Clock clock;

    SessionsListener(DeviceSessions sessions, PendingMessages pendingMessages, PendingNotices pendingNotices,
                     Clock clock) {
        this.sessions = sessions;
        this.pendingMessages = pendingMessages;
        this.pendingNotices = pendingNotices;
        this.clock = clock;
    }

    @KafkaHandler
    void opened(SessionOpened opened) {
        var session = opened.session();
        sessions.open(session, opened.at() == null ? clock.instant() : opened.at());
        int messages = pendingMessages.flush(session);
        int notices = pendingNotices.flush(session);
        log.info("session {} of user {} opened on gateway {}: flushed {} pending messages and {} notices",
                session.sessionId(), session.userId(), session.gatewayId(), messages, notices);
    }

    @KafkaHandler
    void closed(SessionClosed closed) {
        sessions.close(closed.session().sessionId());
        log.info("session {} of user {} closed ({})", closed.session().sessionId(), closed.session().userId(),
                closed.reason());
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {} on {}", event.getClass().getSimpleName(), Topics.SESSIONS);
    }
}

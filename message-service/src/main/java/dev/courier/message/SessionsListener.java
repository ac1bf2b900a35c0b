package dev.courier.message;

import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.message.delivery.PendingMessages;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.GatewayLeases;
import dev.courier.message.routing.PendingNotices;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code courier.sessions}: keeps message-service's own table of live device sessions and, when a socket opens,
 * flushes to it what waits for its user: pending messages in {@code seq} order, then pending notices. Gateway
 * heartbeats give the sessions a lease ({@link GatewayLeases}): a session of a dead gateway, or of an earlier run of
 * one, is not recorded and nothing is flushed to it (it would be lost), and a heartbeat removes the sessions of its
 * gateway's earlier runs.
 */
@Component
@KafkaListener(topics = Topics.SESSIONS)
class SessionsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(SessionsListener.class);

    private final DeviceSessions sessions;
    private final PendingMessages pendingMessages;
    private final PendingNotices pendingNotices;
    private final GatewayLeases leases;
    private final TransactionTemplate transaction;
    private final FrameRouter router;
    private final Clock clock;

    SessionsListener(DeviceSessions sessions, PendingMessages pendingMessages, PendingNotices pendingNotices,
                     GatewayLeases leases, TransactionTemplate transaction, FrameRouter router, Clock clock) {
        this.sessions = sessions;
        this.transaction = transaction;
        this.router = router;
        this.pendingMessages = pendingMessages;
        this.pendingNotices = pendingNotices;
        this.leases = leases;
        this.clock = clock;
    }

    /** Heartbeats are read from here on; gateways' silence is judged again a lease later. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        leases.listening();
    }

    @KafkaHandler
    void opened(SessionOpened opened) {
        var session = opened.session();
        var openedAt = opened.at() == null ? clock.instant() : opened.at();
        if (leases.isDead(session.gatewayId(), openedAt)) {
            leases.countExpired();
            log.info("session {} of user {} opened on gateway {} is already dead (gateway restarted or silent): "
                    + "not recorded, nothing flushed", session.sessionId(), session.userId(), session.gatewayId());
            return;
        }
        sessions.open(session, openedAt);
        // Pending messages in seq order first. Then, under the user's push lock, what was stored meanwhile (its
        // push skipped this not-yet-ready session), and only then is the session ready for pushes: nothing a push
        // sends can overtake an older message on its way to this socket.
        int flushed = pendingMessages.flush(session);
        FrameRouter.Batch catchUp = router.batch();
        int caughtUp = transaction.execute(status -> {
            sessions.lockUsers(List.of(session.userId()));
            int sent = pendingMessages.catchUp(session, catchUp);
            sessions.markReady(session.sessionId(), clock.instant());
            return sent;
        });
        catchUp.await();
        int messages = flushed + caughtUp;
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

    @KafkaHandler
    void heartbeat(GatewayHeartbeat heartbeat) {
        leases.heartbeat(heartbeat);
        log.debug("gateway {} (started {}) is alive", heartbeat.gatewayId(), heartbeat.startedAt());
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {} on {}", event.getClass().getSimpleName(), Topics.SESSIONS);
    }
}

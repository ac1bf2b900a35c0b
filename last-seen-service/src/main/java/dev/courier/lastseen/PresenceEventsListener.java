package dev.courier.lastseen;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.lastseen.presence.GatewayLeases;
import dev.courier.lastseen.presence.LastSeenFlusher;
import dev.courier.lastseen.presence.Ownership;
import dev.courier.lastseen.presence.PresenceTracker;
import dev.courier.lastseen.privacy.ContactChoices;
import dev.courier.lastseen.watchers.SubscriptionHandler;
import dev.courier.support.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code courier.sessions} and {@code courier.commands} in one consumer (group {@code last-seen-service}), a poll at a
 * time: both are keyed by user id, so with the range assignor this instance gets the same partitions of both and owns
 * every presence event of its users. Connects, disconnects and commands change the hot state ({@link PresenceTracker});
 * {@code subscribe_presence} goes to {@link SubscriptionHandler}; heartbeats renew the gateways' lease; a direct
 * send makes its recipient the sender's contact ({@link ContactChoices}). Each handler
 * returns after its effect (session rows, offline writes, pushes) is durable; replays are harmless (sessions by
 * session id, last seen only forward, subscriptions by pair).
 */
@Component
class PresenceEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(PresenceEventsListener.class);

    private final PresenceTracker tracker;
    private final SubscriptionHandler subscriptions;
    private final GatewayLeases leases;
    private final Ownership ownership;
    private final LastSeenFlusher flusher;
    private final ContactChoices contacts;
    private final EventPublisher publisher;

    PresenceEventsListener(PresenceTracker tracker, SubscriptionHandler subscriptions, GatewayLeases leases,
                           Ownership ownership, LastSeenFlusher flusher, ContactChoices contacts,
                           EventPublisher publisher) {
        this.tracker = tracker;
        this.subscriptions = subscriptions;
        this.leases = leases;
        this.ownership = ownership;
        this.flusher = flusher;
        this.contacts = contacts;
        this.publisher = publisher;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        ownership.assigned(assignments.keySet());
        leases.listening();
        log.info("presence partitions assigned: {}", assignments.keySet());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        flusher.release(partitions);
    }

    /**
     * A poll of both topics, in order per partition. A record that fails is retried, then dead-lettered, on its own:
     * the ones before it are done (their effects are in memory and in the database), the ones after it follow.
     */
    @KafkaListener(id = "last-seen-presence", idIsGroup = false, topics = {Topics.SESSIONS, Topics.COMMANDS},
            batch = "true")
    void onEvents(List<ConsumerRecord<String, CourierEvent>> records) {
        // The contacts learnt are written before any offset commits, a failed record's predecessors' too.
        publisher.batch().forEach(records, contacts::flush, (record, event) -> onEvent(event));
    }

    private void onEvent(CourierEvent event) {
        switch (event) {
            case SessionOpened opened -> opened(opened);
            case SessionClosed closed -> {
                tracker.closed(closed);
                log.debug("session {} of user {} closed ({}) as of {}", closed.session().sessionId(),
                        closed.session().userId(), closed.reason(), closed.at());
            }
            case GatewayHeartbeat heartbeat -> leases.heartbeat(heartbeat);
            case SendRequested send -> {
                tracker.command(send);
                contacts.sent(send);
            }
            case ReceiptRequested receipt -> tracker.command(receipt);
            case TypingRequested typing -> tracker.command(typing);
            case PresenceChangeRequested change -> {
                tracker.command(change);
                log.debug("session {} of user {} is in the {}", change.session().sessionId(),
                        change.session().userId(), change.state());
            }
            case PresenceSubscriptionRequested subscription -> {
                tracker.command(subscription);
                subscriptions.handle(subscription);
            }
            default -> log.debug("ignoring {}", event.getClass().getSimpleName());
        }
    }

    private void opened(SessionOpened opened) {
        var session = opened.session();
        if (leases.isDead(session.gatewayId(), opened.at())) {
            log.info("session {} of user {} on gateway {} is already dead (gateway restarted or silent): ignored",
                    session.sessionId(), session.userId(), session.gatewayId());
            return;
        }
        tracker.opened(opened);
        log.debug("session {} of user {} opened ({})", session.sessionId(), session.userId(),
                opened.background() ? "background" : "foreground");
    }
}

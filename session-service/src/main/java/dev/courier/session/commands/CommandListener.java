package dev.courier.session.commands;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.session.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Step 3 of the message path: authorised sends and receipts go on to message-service on {@link Topics#MESSAGES};
 * typing notices go straight to the other participants' open sessions on {@link Topics#DELIVERIES}; refusals go back to the command's session as an {@code error} frame on {@link Topics#DELIVERIES}. A failed user
 * or group lookup, or a media grant media-service could not answer, throws, so the record is retried and then
 * dead-lettered rather than answered wrongly.
 */
@Component
@KafkaListener(id = "session-commands", idIsGroup = false, topics = Topics.COMMANDS)
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final CommandAuthorizer authorizer;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    CommandListener(CommandAuthorizer authorizer, EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.authorizer = authorizer;
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaHandler
    void onSend(SendRequested send) {
        apply(send.to().isGroup() ? "group_send" : "send", send.session(), send.messageId(), authorizer.send(send));
    }

    @KafkaHandler
    void onReceipt(ReceiptRequested receipt) {
        apply("receipt", receipt.session(), String.join(",", receipt.messageIds()), authorizer.receipt(receipt));
    }

    /** Typing goes straight to the other participants' open sessions: never stored, never queued. */
    @KafkaHandler
    void onTyping(TypingRequested typing) {
        apply("typing", typing.session(), "-", authorizer.typing(typing));
    }

    /** Presence and presence subscriptions are routed by later issues; accepted and dropped for now. */
    @KafkaHandler
    void onPresence(PresenceChangeRequested presence) {
        ignored("presence", presence);
    }

    @KafkaHandler
    void onPresenceSubscription(PresenceSubscriptionRequested subscription) {
        ignored("subscribe_presence", subscription);
    }

    @KafkaHandler(isDefault = true)
    void onOther(Object event) {
        log.warn("Ignored unexpected event on {}: {}", Topics.COMMANDS, event.getClass().getSimpleName());
    }

    private void apply(String type, DeviceSession session, String messageIds, Decision decision) {
        switch (decision) {
            case Decision.Authorized(String topic, String key, CourierEvent event) -> {
                publisher.publish(topic, key, event);
                log.debug("{} of message(s) {} from session {} authorised", type, messageIds, session.sessionId());
                count(type, "authorized");
            }
            case Decision.Routed(List<FrameRouted> frames) -> {
                publisher.publishAll(Topics.DELIVERIES, frames.stream()
                        .map(frame -> new EventPublisher.Keyed(frame.target().userId(), frame))
                        .toList());
                log.debug("{} from session {} of user {} routed to {} session(s)", type, session.sessionId(),
                        session.userId(), frames.size());
                count(type, "authorized");
            }
            case Decision.Refused refused -> {
                publisher.publish(Topics.DELIVERIES, session.userId(),
                        new FrameRouted(UUID.randomUUID(), clock.instant(), session, refused.error()));
                log.info("{} of message(s) {} from session {} of user {} refused: {} ({})", type, messageIds,
                        session.sessionId(), session.userId(), refused.error().code(), refused.error().message());
                count(type, refused.error().code());
            }
        }
    }

    private void ignored(String type, CourierEvent command) {
        log.debug("{} command {} accepted and ignored: not routed yet", type, command.eventId());
        count(type, "ignored");
    }

    private void count(String type, String outcome) {
        meters.counter("courier.session.commands", "type", type, "outcome", outcome).increment();
    }
}

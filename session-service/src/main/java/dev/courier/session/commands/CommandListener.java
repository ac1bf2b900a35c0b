package dev.courier.session.commands;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.MessageActionRequested;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.session.conversations.DirectConversations;
import dev.courier.support.kafka.EventPublisher;
import dev.courier.support.kafka.EventPublisher.Outgoing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step 3 of the message path: authorised sends, receipts and message actions (react, edit, delete) go on to message-service on {@link Topics#MESSAGES};
 * typing notices go straight to the other participants' open sessions on {@link Topics#DELIVERIES} (to a user only
 * when the two share a direct conversation: {@link DirectConversations}, dropped otherwise); refusals go
 * back to the command's session as an {@code error} frame on {@link Topics#DELIVERIES}. A failed user or group
 * lookup, or a media grant media-service could not answer, throws, so the record is retried and then
 * dead-lettered rather than answered wrongly.
 * <p>
 * Consumes in batches: the batch's commands are decided in order, their results sent without waiting, and all the
 * sends awaited once before the offsets are committed. A command that fails is retried, then dead-lettered, on its
 * own: the commands before it are committed, the ones after it are processed again after it.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final CommandAuthorizer authorizer;
    private final DirectConversations conversations;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CommandListener(CommandAuthorizer authorizer, DirectConversations conversations, EventPublisher publisher,
                    Clock clock, MeterRegistry meters) {
        this.authorizer = authorizer;
        this.conversations = conversations;
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "session-commands", idIsGroup = false, topics = Topics.COMMANDS, batch = "true")
    void onCommands(List<ConsumerRecord<String, CourierEvent>> records) {
        EventPublisher.Batch batch = publisher.batch();
        DirectConversations.Poll poll = conversations.poll();
        // The conversations learnt are written before any offset commits, a failed record's predecessors' too.
        batch.forEach(records, poll::flush, (record, command) -> onCommand(command, record, batch, poll));
    }

    private void onCommand(CourierEvent command, ConsumerRecord<?, ?> record, EventPublisher.Batch batch,
                           DirectConversations.Poll poll) {
        switch (command) {
            case SendRequested send -> {
                Decision decision = authorizer.send(send);
                if (decision instanceof Decision.Authorized && !send.to().isGroup()) {
                    poll.started(send.session().userId(), send.to().user());
                }
                apply(batch, record, send.to().isGroup() ? "group_send" : "send", send.session(), send.messageId(),
                        decision);
            }
            case ReceiptRequested receipt -> apply(batch, record, "receipt", receipt.session(),
                    receipt.messageIds(), authorizer.receipt(receipt));
            case MessageActionRequested action -> apply(batch, record, action.action().wireName(), action.session(),
                    action.messageId(), authorizer.action(action));
            // Typing goes straight to the other participants' open sessions: never stored, never queued.
            case TypingRequested typing -> {
                Decision decision = authorizer.typing(typing);
                if (decision instanceof Decision.Routed && !typing.to().isGroup()
                        && !poll.share(typing.session().userId(), typing.to().user())) {
                    // Silently, as to a user with no open session: a stranger learns nothing, not even that it failed.
                    log.debug("typing from session {} to user {} dropped: no conversation between them",
                            typing.session().sessionId(), typing.to().user());
                    count("typing", "no_conversation");
                    return;
                }
                apply(batch, record, "typing", typing.session(), "-", decision);
            }
            // Presence and presence subscriptions are routed by later issues; accepted and dropped for now.
            case PresenceChangeRequested presence -> ignored("presence", presence);
            case PresenceSubscriptionRequested subscription -> ignored("subscribe_presence", subscription);
            default -> log.warn("Ignored unexpected event on {}: {}", Topics.COMMANDS,
                    command.getClass().getSimpleName());
        }
    }

    /** {@code messageIds}: a String or a list of them, only for the logs (formatted only when logged). */
    private void apply(EventPublisher.Batch batch, ConsumerRecord<?, ?> record, String type, DeviceSession session,
                       Object messageIds, Decision decision) {
        switch (decision) {
            case Decision.Authorized(String topic, String key, CourierEvent event) -> {
                batch.send(record, new Outgoing(topic, key, event));
                log.debug("{} of message(s) {} from session {} authorised", type, messageIds, session.sessionId());
                count(type, "authorized");
            }
            case Decision.Routed(List<FrameRouted> frames) -> {
                batch.send(record, frames.stream()
                        .map(frame -> new Outgoing(Topics.DELIVERIES, frame.target().userId(), frame))
                        .toArray(Outgoing[]::new));
                log.debug("{} from session {} of user {} routed to {} session(s)", type, session.sessionId(),
                        session.userId(), frames.size());
                count(type, "authorized");
            }
            case Decision.Refused refused -> {
                batch.send(record, new Outgoing(Topics.DELIVERIES, session.userId(),
                        new FrameRouted(UUID.randomUUID(), clock.instant(), session, refused.error())));
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
        counters.computeIfAbsent(type + '/' + outcome, key -> Counter.builder("courier.session.commands")
                .tag("type", type).tag("outcome", outcome).register(meters)).increment();
    }
}

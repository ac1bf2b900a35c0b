package dev.courier.message.send;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.store.StoredMessage;
import dev.courier.message.timeline.DeliveryAttempts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The send path: store once, then answer the sender's device with the {@code sent} receipt and push the message to
 * every online device of every recipient, and to the sender's other online devices (multi-device: what A sends
 * from the laptop shows on A's phone). The copies for the sender's own devices are best effort: no delivery row,
 * no retry, no flush (those devices read the history). The sends are awaited before this returns, so the record
 * that caused them is acknowledged only once they are durable. A replay (same sender and client id) stores nothing
 * and answers the same receipt with the same {@code seq}; recipients that missed the push get it from the retry
 * timer or the flush on connect.
 */
@Service
public class SendHandler {

    private static final Logger log = LoggerFactory.getLogger(SendHandler.class);

    private final MessageWriter writer;
    private final DeviceSessions sessions;
    private final FrameRouter router;
    private final Clock clock;
    private final DeliveryAttempts attempts;
    private final TransactionTemplate transaction;
    private final Counter stored;

    SendHandler(MessageWriter writer, DeviceSessions sessions, FrameRouter router, DeliveryAttempts attempts,
                TransactionTemplate transaction, Clock clock, MeterRegistry meters) {
        this.writer = writer;
        this.attempts = attempts;
        this.transaction = transaction;
        this.sessions = sessions;
        this.router = router;
        this.clock = clock;
        this.stored = Counter.builder("courier.messages.stored")
                .description("Messages stored (retried sends not counted)")
                .register(meters);
    }

    /** One send on its own: stored, answered and pushed before this returns. */
    public void handle(SendAuthorized send) {
        Batch batch = batch();
        batch.add(send);
        batch.flush();
    }

    /**
     * Sends handled together (one Kafka poll): each is stored in its own transaction as it is added, and the
     * receipts and pushes of all of them go out in one push transaction and one awaited Kafka batch at
     * {@link Batch#flush()}: per message, that saves the push transaction's round trips and a broker round trip.
     */
    public Batch batch() {
        return new Batch(router.batch());
    }

    /** Not thread-safe: one listener thread's unit of work. */
    public final class Batch {

        private final FrameRouter.Batch routed;
        private final List<Push> pushes = new ArrayList<>();

        private Batch(FrameRouter.Batch routed) {
            this.routed = routed;
        }

        /** Stores the message (or finds it stored) and routes the sender's {@code sent} receipt; pushes wait for flush. */
        public void add(SendAuthorized send) {
            Objects.requireNonNull(send.sender(), "sender");
            Objects.requireNonNull(send.messageId(), "messageId");
            Objects.requireNonNull(send.conversationId(), "conversationId");
            Objects.requireNonNull(send.to(), "to");
            Objects.requireNonNull(send.body(), "body");
            String senderId = send.sender().userId();
            // A group's recipients are its members at send time less the sender; a direct chat may be with oneself.
            List<String> recipients = send.recipientUserIds() == null ? List.of()
                    : send.recipientUserIds().stream()
                            .filter(Objects::nonNull)
                            .filter(user -> !send.to().isGroup() || !user.equals(senderId))
                            .distinct()
                            .toList();

            MessageWriter.Stored result = writer.store(send, recipients,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            StoredMessage message = result.message();
            routed.route(send.sender(), ReceiptFrame.sent(message.clientId(), message.conversationId(),
                    message.seq(), message.sentAt().toEpochMilli()));
            if (result.isNew()) {
                stored.increment();
                log.info("stored message {} seq {} in {}", message.clientId(), message.seq(), message.conversationId());
                pushes.add(new Push(message, recipients, send.sender()));
            } else {
                log.info("message {} from {} was stored before as seq {} in {}: answered the same receipt",
                        message.clientId(), message.senderId(), message.seq(), message.conversationId());
            }
        }

        /**
         * Pushes every message added since the last flush to the ready devices of its recipients (and the sender's
         * other devices), under the recipients' push locks, and awaits all routed frames: a device whose flush on
         * connect is still running gets these messages from that flush's catch-up, after the older ones (see
         * DeviceSessions#lockUsers). Returns once the broker has every frame.
         */
        public void flush() {
            if (pushes.isEmpty()) {
                routed.await();
                return;
            }
            List<Push> due = List.copyOf(pushes);
            pushes.clear();
            transaction.executeWithoutResult(status -> {
                sessions.lockUsers(due.stream().flatMap(push -> push.recipients().stream()).distinct().toList());
                Map<String, List<DeviceSession>> online = sessions.readyOf(due.stream()
                        .flatMap(push -> push.copyToSender()
                                ? Stream.concat(push.recipients().stream(), Stream.of(push.senderId()))
                                : push.recipients().stream())
                        .distinct()
                        .toList());
                DeliveryAttempts.Recorder attempted = attempts.recorder(DeliveryAttempts.Cause.PUSH, clock.instant());
                for (Push push : due) {
                    push.route(online, routed, attempted);
                }
                routed.await();
                attempted.save();
            });
        }
    }

    /** A stored message on its way to its recipients' devices and to the sender's other devices. */
    private record Push(StoredMessage message, List<String> recipients, DeviceSession sendingDevice) {

        String senderId() {
            return sendingDevice.userId();
        }

        /** A message to oneself already goes to every device of the sender, the sending one included. */
        boolean copyToSender() {
            return !recipients.contains(senderId());
        }

        void route(Map<String, List<DeviceSession>> online, FrameRouter.Batch routed,
                   DeliveryAttempts.Recorder attempted) {
            MessageFrame frame = message.toFrame();
            List<DeviceSession> recipientDevices = recipients.stream()
                    .flatMap(recipient -> online.getOrDefault(recipient, List.of()).stream())
                    .toList();
            List<DeviceSession> senderDevices = copyToSender() ? online.getOrDefault(senderId(), List.of()).stream()
                    .filter(device -> !device.sessionId().equals(sendingDevice.sessionId()))
                    .toList() : List.of();
            recipientDevices.forEach(device -> routed.route(device, frame));
            senderDevices.forEach(device -> routed.route(device, frame));
            recipientDevices.forEach(device -> attempted.attempted(message.id(), device, message.sentAt()));
            log.info("pushing message {} to {} online devices of {} recipients (and other devices of sender {})",
                    message.clientId(), recipientDevices.size(), recipients.size(), senderId());
        }
    }
}

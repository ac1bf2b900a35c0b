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

    public void handle(SendAuthorized send) {
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

        MessageWriter.Stored result = writer.store(send, recipients, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        StoredMessage message = result.message();
        FrameRouter.Batch batch = router.batch();
        batch.route(send.sender(), ReceiptFrame.sent(message.clientId(), message.conversationId(), message.seq(),
                message.sentAt().toEpochMilli()));
        if (result.isNew()) {
            stored.increment();
            log.info("stored message {} seq {} in {}", message.clientId(), message.seq(), message.conversationId());
            MessageFrame frame = message.toFrame();
            // A message to oneself already goes to every device of the sender, the sending one included.
            boolean copyToSender = !recipients.contains(senderId);
            // Ready devices only, under the recipients' push locks: a device whose flush on connect is still running
            // gets this message from that flush's catch-up, after the older ones (see DeviceSessions#lockUsers).
            int pushed = transaction.execute(status -> {
                sessions.lockUsers(recipients);
                Map<String, List<DeviceSession>> online = sessions.readyOf(copyToSender
                        ? Stream.concat(recipients.stream(), Stream.of(senderId)).toList() : recipients);
                List<DeviceSession> senderDevices = copyToSender ? online.getOrDefault(senderId, List.of()).stream()
                        .filter(device -> !device.sessionId().equals(send.sender().sessionId()))
                        .toList() : List.of();
                List<DeviceSession> recipientDevices = recipients.stream()
                        .flatMap(recipient -> online.getOrDefault(recipient, List.of()).stream())
                        .toList();
                recipientDevices.forEach(device -> batch.route(device, frame));
                senderDevices.forEach(device -> batch.route(device, frame));
                batch.await();
                DeliveryAttempts.Recorder pushes = attempts.recorder(DeliveryAttempts.Cause.PUSH, message.sentAt());
                recipientDevices.forEach(device -> pushes.attempted(message.id(), device));
                pushes.save();
                return recipientDevices.size();
            });
            log.info("pushed message {} to {} online devices of {} recipients (and other devices of sender {})",
                    message.clientId(), pushed, recipients.size(), senderId);
        } else {
            batch.await();
            log.info("message {} from {} was stored before as seq {} in {}: answered the same receipt",
                    message.clientId(), message.senderId(), message.seq(), message.conversationId());
        }
    }
}

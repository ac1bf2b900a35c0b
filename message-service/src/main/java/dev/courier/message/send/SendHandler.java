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

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The send path: store once, answer the sending device with the {@code sent} receipt, and push the message to every
 * ready device of every recipient and to the sender's other ready devices (multi-device: what A sends from the
 * laptop shows on A's phone). The copies for the sender's own devices are best effort: no delivery row, no retry, no
 * flush (those devices read the history). A replay (same sender and id) stores nothing and answers the same receipt
 * with the same {@code seq}; recipients that missed the push get it from the retry timer or the flush on connect.
 * An id another sender already used is answered {@code error invalid}, and nothing is stored. A send withheld from its
 * recipient (who blocks the sender, {@link SendAuthorized#withheldFrom()}) is stored and answered the same way, but
 * that recipient gets no delivery row: nothing is ever pushed, retried or flushed to it, and no receipt of its can
 * reach the sender.
 * <p>
 * {@link #handle} does a poll's sends in the caller's transaction with a fixed number of statements (see
 * {@link MessageWriter#storeAll}, plus the push: the recipients' push locks, their ready devices, the attempts); the
 * frames go into the caller's batch, sent once the transaction committed.
 */
@Service
public class SendHandler {

    private static final Logger log = LoggerFactory.getLogger(SendHandler.class);

    private final MessageWriter writer;
    private final DeviceSessions sessions;
    private final Clock clock;
    private final DeliveryAttempts attempts;
    private final Counter stored;

    SendHandler(MessageWriter writer, DeviceSessions sessions, DeliveryAttempts attempts, Clock clock,
                MeterRegistry meters) {
        this.writer = writer;
        this.attempts = attempts;
        this.sessions = sessions;
        this.clock = clock;
        this.stored = Counter.builder("courier.messages.stored")
                .description("Messages stored (retried sends not counted)")
                .register(meters);
    }

    /** A send and its place in the poll (its frames are sent in that order). */
    public record PositionedSend(int position, SendAuthorized event) {
    }

    /**
     * Stores the sends and routes their frames into {@code frames}, each at its send's position. Call inside a
     * transaction: the frames must only go out once it committed. Under the recipients' push locks, which the flush
     * on connect takes too: a device is pushed new messages only once the flush of older ones has gone to it (see
     * {@link DeviceSessions#lockUsers}).
     */
    public void handle(List<PositionedSend> sends, FrameRouter.Batch frames) {
        if (sends.isEmpty()) {
            return;
        }
        List<MessageWriter.Send> toStore = sends.stream().map(send -> toStore(send.event())).toList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<MessageWriter.Stored> results = writer.storeAll(toStore, now);
        List<Push> pushes = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            SendAuthorized send = sends.get(i).event();
            frames.at(sends.get(i).position());
            switch (results.get(i)) {
                case MessageWriter.New(StoredMessage message) -> {
                    frames.route(send.sender(), sentReceipt(message));
                    stored.increment();
                    log.debug("stored message {} seq {} in {}", message.clientId(), message.seq(),
                            message.conversationId());
                    pushes.add(new Push(sends.get(i).position(), message, toStore.get(i).recipients(),
                            send.sender()));
                }
                case MessageWriter.Earlier(StoredMessage message) -> {
                    frames.route(send.sender(), sentReceipt(message));
                    log.info("message {} from {} was stored before as seq {} in {}: answered the same receipt",
                            message.clientId(), message.senderId(), message.seq(), message.conversationId());
                }
                case MessageWriter.Gone() -> log.debug("message {} from {} is gone (disappeared or expired): a "
                        + "replayed send, nothing stored", send.messageId(), send.sender().userId());
                case MessageWriter.Refused(var error) -> {
                    frames.route(send.sender(), error);
                    log.info("message {} from {} refused: {}", send.messageId(), send.sender().userId(),
                            error.message());
                }
            }
        }
        push(pushes, frames);
    }

    private static MessageWriter.Send toStore(SendAuthorized send) {
        Objects.requireNonNull(send.sender(), "sender");
        Objects.requireNonNull(send.messageId(), "messageId");
        Objects.requireNonNull(send.conversationId(), "conversationId");
        Objects.requireNonNull(send.to(), "to");
        Objects.requireNonNull(send.body(), "body");
        String senderId = send.sender().userId();
        // A group's recipients are its members at send time less the sender; a direct chat may be with oneself.
        // Those who block the sender (withheldFrom) are no recipients here: no delivery row, no push, ever.
        List<String> recipients = send.recipientUserIds() == null ? List.of()
                : send.recipientUserIds().stream()
                        .filter(Objects::nonNull)
                        .filter(user -> !send.to().isGroup() || !user.equals(senderId))
                        .filter(user -> !send.withheldFrom().contains(user))
                        .distinct()
                        .toList();
        return new MessageWriter.Send(send, recipients);
    }

    private static ReceiptFrame sentReceipt(StoredMessage message) {
        return ReceiptFrame.sent(message.clientId(), message.conversationId(), message.seq(),
                message.sentAt().toEpochMilli());
    }

    /** Routes each new message to the ready devices of its recipients and the sender's other ready devices. */
    private void push(List<Push> pushes, FrameRouter.Batch frames) {
        if (pushes.isEmpty()) {
            return;
        }
        sessions.lockUsers(pushes.stream().flatMap(push -> push.recipients().stream()).distinct().toList());
        Map<String, List<DeviceSession>> online = sessions.readyOf(pushes.stream()
                .flatMap(push -> push.copyToSender()
                        ? Stream.concat(push.recipients().stream(), Stream.of(push.senderId()))
                        : push.recipients().stream())
                .distinct()
                .toList());
        DeliveryAttempts.Recorder attempted = attempts.recorder(DeliveryAttempts.Cause.PUSH, clock.instant());
        for (Push push : pushes) {
            push.route(online, frames.at(push.position()), attempted);
        }
        attempted.save();
    }

    /** A stored message on its way to its recipients' devices and to the sender's other devices. */
    private record Push(int position, StoredMessage message, List<String> recipients, DeviceSession sendingDevice) {

        String senderId() {
            return sendingDevice.userId();
        }

        /** A message to oneself already goes to every device of the sender, the sending one included. */
        boolean copyToSender() {
            return !recipients.contains(senderId());
        }

        void route(Map<String, List<DeviceSession>> online, FrameRouter.Batch frames,
                   DeliveryAttempts.Recorder attempted) {
            MessageFrame frame = message.toFrame();
            List<DeviceSession> recipientDevices = recipients.stream()
                    .flatMap(recipient -> online.getOrDefault(recipient, List.of()).stream())
                    .toList();
            List<DeviceSession> senderDevices = copyToSender() ? online.getOrDefault(senderId(), List.of()).stream()
                    .filter(device -> !device.sessionId().equals(sendingDevice.sessionId()))
                    .toList() : List.of();
            recipientDevices.forEach(device -> frames.route(device, frame));
            senderDevices.forEach(device -> frames.route(device, frame));
            recipientDevices.forEach(device -> attempted.attempted(message.id(), device, message.sentAt()));
            log.debug("pushing message {} to {} online devices of {} recipients (and other devices of sender {})",
                    message.clientId(), recipientDevices.size(), recipients.size(), senderId());
        }
    }
}

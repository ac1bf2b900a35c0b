package dev.courier.message.receipts;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.message.delivery.AckLatency;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recipients' {@code delivered}/{@code read} receipts: each moves the reader's own deliveries forward (ids of
 * messages the reader did not receive are ignored; never backwards: read implies delivered) and tells each sender,
 * on its connected devices or as a pending notice. For a group message the sender also gets the {@code all:true}
 * receipt of a status once every recipient it had at send time reached it, exactly once: its mark on the message row
 * is set by the receipt that completed it.
 * <p>
 * A poll's receipts are one unit of work ({@link #handle(List, FrameRouter.Batch)}): their rows are read and locked
 * with two statements, moved in memory in receipt order, written back with two, and the frames go out after the
 * caller's transaction committed. A crash between that commit and the broker's acknowledgement makes Kafka hand
 * the same records over again; each row and mark keeps the key of the record that moved it, and a record that finds
 * its own key tells the sender again what it told before (at least once) instead of nothing. A repeated receipt in
 * another record (a client's retry, a duplicate) tells nothing: exactly one {@code all:true} per status.
 */
@Service
public class ReceiptHandler {

    private static final Logger log = LoggerFactory.getLogger(ReceiptHandler.class);

    private final ReceiptRows rows;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final TransactionTemplate transaction;
    private final AckLatency ackLatency;
    private final Clock clock;
    private final Timer latency;

    ReceiptHandler(ReceiptRows rows, PendingNotices notices, FrameRouter router, TransactionTemplate transaction,
                   AckLatency ackLatency, Clock clock, MeterRegistry meters) {
        this.rows = rows;
        this.notices = notices;
        this.router = router;
        this.transaction = transaction;
        this.ackLatency = ackLatency;
        this.clock = clock;
        this.latency = Timer.builder("courier.delivery.latency")
                .description("From a message being stored to its recipient acknowledging it")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * A receipt, its place in the poll (its frames are sent in that order) and the key of the record that carried
     * it ({@link #recordKey}; null when it came from no record).
     */
    public record PositionedReceipt(int position, ReceiptAuthorized event, Long recordKey) {
    }

    /** One number for a record of {@code courier.messages}: its partition and offset. */
    public static long recordKey(int partition, long offset) {
        return ((long) partition << 42) | offset;
    }

    /** One receipt on its own: applied in a transaction of its own, its frames sent once committed. */
    public void handle(ReceiptAuthorized receipt) {
        FrameRouter.Batch frames = router.batch();
        transaction.executeWithoutResult(status -> handle(List.of(new PositionedReceipt(0, receipt, null)),
                frames));
        frames.await();
    }

    /** Applies the receipts in the caller's transaction; their frames go into {@code frames} at their positions. */
    public void handle(List<PositionedReceipt> receipts, FrameRouter.Batch frames) {
        List<Receipt> valid = new ArrayList<>();
        for (PositionedReceipt positioned : receipts) {
            ReceiptAuthorized receipt = positioned.event();
            Objects.requireNonNull(receipt.reader(), "reader");
            List<String> messageIds = receipt.messageIds() == null ? List.of()
                    : receipt.messageIds().stream().filter(Objects::nonNull).distinct().toList();
            if (receipt.status() == null || receipt.status() == ReceiptStatus.SENT || messageIds.isEmpty()) {
                continue;
            }
            Instant at = (receipt.at() == null ? clock.instant() : receipt.at()).truncatedTo(ChronoUnit.MICROS);
            valid.add(new Receipt(positioned.position(), receipt.reader().userId(), receipt.status(), messageIds,
                    at, positioned.recordKey(), receipt.reader()));
        }
        if (valid.isEmpty()) {
            return;
        }
        ReceiptRows.Locked locked = rows.lock(valid, clock.instant());
        List<PendingNotices.Notice> toSenders = new ArrayList<>();
        List<Receipt> unmatched = new ArrayList<>();
        Instant now = clock.instant();
        for (Receipt receipt : valid) {
            for (String messageId : receipt.messageIds()) {
                ReceiptRows.Delivery delivery = locked.delivery(messageId, receipt.reader());
                if (delivery != null) {
                    apply(receipt, delivery, toSenders, now);
                } else {
                    unmatched.add(new Receipt(receipt.position(), receipt.reader(), receipt.status(),
                            List.of(messageId), receipt.at(), receipt.recordKey(), receipt.device()));
                }
            }
        }
        rows.save(locked);
        refuseDeleted(unmatched, frames);
        notices.tellAll(toSenders, frames);
    }

    private void apply(Receipt receipt, ReceiptRows.Delivery delivery, List<PendingNotices.Notice> toSenders,
                       Instant now) {
        ReceiptRows.Message message = delivery.message();
        DeliveryStatus current = delivery.status();
        var next = current.after(receipt.status());
        if (next.isEmpty()) {
            // The record that made this change, handed over again: tell the sender again what it told.
            if (delivery.movedBy(receipt.status(), receipt.recordKey())) {
                toSenders.add(notice(receipt, message, ReceiptFrame.by(receipt.status(), message.clientId(),
                        message.conversationId(), receipt.reader(), receipt.at().toEpochMilli())));
                message.completedBy(receipt.recordKey()).forEach(status -> toSenders.add(notice(receipt, message,
                        ReceiptFrame.all(status, message.clientId(), message.conversationId(),
                                receipt.at().toEpochMilli()))));
            }
            return;
        }
        delivery.move(next.get(), receipt.at(), receipt.recordKey());
        if (current == DeliveryStatus.PENDING) {
            Duration took = Duration.between(message.sentAt(), receipt.at());
            latency.record(took.isNegative() ? Duration.ZERO : took);
            ackLatency.acknowledged(message.sentAt(), now);
        }
        ReceiptStatus told = next.get() == DeliveryStatus.READ ? ReceiptStatus.READ : ReceiptStatus.DELIVERED;
        log.debug("{} message {} in {} to user {}", told.wireName(), message.clientId(), message.conversationId(),
                receipt.reader());
        toSenders.add(notice(receipt, message, ReceiptFrame.by(told, message.clientId(), message.conversationId(),
                receipt.reader(), receipt.at().toEpochMilli())));
        for (ReceiptStatus all : message.recipientMoved(current, next.get(), receipt.at(), receipt.recordKey())) {
            log.debug("message {} in group {} {} by all its recipients", message.clientId(),
                    message.conversationId(), all.wireName());
            toSenders.add(notice(receipt, message, ReceiptFrame.all(all, message.clientId(),
                    message.conversationId(), receipt.at().toEpochMilli())));
        }
    }

    /**
     * Receipts naming a message deleted for everyone (that the reader took part in) are answered {@code error
     * not_found} on the reading device, {@code ref} = the message id (a receipt frame has no id of its own). Other
     * ids nobody may acknowledge stay ignored, as before. One statement, only when some id matched no delivery.
     */
    private void refuseDeleted(List<Receipt> unmatched, FrameRouter.Batch frames) {
        if (unmatched.isEmpty()) {
            return;
        }
        var deleted = rows.deleted(unmatched.stream().map(Receipt::reader).toList(),
                unmatched.stream().map(receipt -> receipt.messageIds().getFirst()).toList());
        for (Receipt receipt : unmatched) {
            String messageId = receipt.messageIds().getFirst();
            if (receipt.device() != null && deleted.contains(ReceiptRows.deletedKey(messageId, receipt.reader()))) {
                frames.at(receipt.position()).route(receipt.device(), new ErrorFrame(ErrorFrame.NOT_FOUND,
                        "message deleted", messageId));
            }
        }
    }

    private static PendingNotices.Notice notice(Receipt receipt, ReceiptRows.Message message, ReceiptFrame frame) {
        return new PendingNotices.Notice(receipt.position(), message.senderId(), frame);
    }

    /**
     * A receipt to apply: the reader, the status it reports, the ids it names, its time (microseconds), the key of
     * the record that carried it, the device that sent it.
     */
    record Receipt(int position, String reader, ReceiptStatus status, List<String> messageIds, Instant at,
                   Long recordKey, DeviceSession device) {
    }
}

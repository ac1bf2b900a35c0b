package dev.courier.message.receipts;

import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.message.store.MessageRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code all:true} receipts of a group message: one per status, once every recipient it had at send time
 * ({@code message.recipient_count}) has reached that status. Each is recorded on the message row by an update that
 * only changes a row whose mark is still unset, and produced only when it did, in the transaction of the receipt
 * that completed it, so replays never produce a second one. Callers hold the message row's lock (taken before
 * any delivery row), so of two concurrent last receipts the second sees the first's committed change.
 * A group message with no recipients gets none: there is nobody to reach.
 */
@Component
class AllReceipts {

    private static final Logger log = LoggerFactory.getLogger(AllReceipts.class);

    private final JdbcClient jdbc;

    AllReceipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The {@code all:true} receipts due now that a recipient's delivery of this group message moved to {@code next}:
     * none, {@code delivered}, {@code read}, or both in that order (read implies delivered, so the last recipient's
     * {@code read} can complete both when someone skipped {@code delivered}).
     */
    List<ReceiptFrame> dueAfter(long messageId, String clientId, String conversationId, DeliveryStatus next,
                                Instant at) {
        List<ReceiptFrame> due = new ArrayList<>(2);
        if (mark(messageId, "all_delivered_at", "('delivered', 'read')", at)) {
            due.add(ReceiptFrame.all(ReceiptStatus.DELIVERED, clientId, conversationId, at.toEpochMilli()));
            log.info("message {} in group {} delivered to all its recipients", clientId, conversationId);
        }
        if (next == DeliveryStatus.READ && mark(messageId, "all_read_at", "('read')", at)) {
            due.add(ReceiptFrame.all(ReceiptStatus.READ, clientId, conversationId, at.toEpochMilli()));
            log.info("message {} in group {} read by all its recipients", clientId, conversationId);
        }
        return due;
    }

    /** Sets the mark if every recipient's delivery has one of {@code statuses}; true when this call set it. */
    private boolean mark(long messageId, String column, String statuses, Instant at) {
        // Compared with the count at send time, not with the rows left: the expiry job deletes the rows of
        // recipients who never got the message, and they have not reached anything.
        return jdbc.sql("update message m set " + column + " = :at"
                        + " where m.id = :messageId and m.to_group is not null and m." + column + " is null"
                        + " and m.recipient_count > 0"
                        + " and m.recipient_count = (select count(*) from delivery d"
                        + "     where d.message_id = m.id and d.status in " + statuses + ")")
                .param("at", MessageRows.timestamp(at))
                .param("messageId", messageId)
                .update() == 1;
    }
}

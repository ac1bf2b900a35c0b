package dev.courier.message.receipts;

import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import dev.courier.message.store.MessageRows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recipient's {@code delivered}/{@code read} receipt: moves the reader's own deliveries forward (ids of messages
 * the reader did not receive are ignored) and tells each sender, on its online devices or as a pending notice.
 * The receipts to the sender are routed and awaited before the status change commits: a replay after a failure
 * finds the status unchanged and tells the sender again (at least once), while a committed change always has
 * its receipt out or kept. For a group message the sender also gets the {@code all:true} receipts
 * ({@link AllReceipts}) after the {@code by} receipt that completed them.
 */
@Service
public class ReceiptHandler {

    private static final Logger log = LoggerFactory.getLogger(ReceiptHandler.class);

    private final JdbcClient jdbc;
    private final AllReceipts allReceipts;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final Clock clock;
    private final Timer latency;

    ReceiptHandler(JdbcClient jdbc, AllReceipts allReceipts, PendingNotices notices, FrameRouter router, Clock clock,
                   MeterRegistry meters) {
        this.jdbc = jdbc;
        this.allReceipts = allReceipts;
        this.notices = notices;
        this.router = router;
        this.clock = clock;
        this.latency = Timer.builder("courier.delivery.latency")
                .description("From a message being stored to its recipient acknowledging it")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Transactional
    public void handle(ReceiptAuthorized receipt) {
        Objects.requireNonNull(receipt.reader(), "reader");
        List<String> messageIds = receipt.messageIds() == null ? List.of()
                : receipt.messageIds().stream().filter(Objects::nonNull).distinct().toList();
        if (receipt.status() == null || messageIds.isEmpty()) {
            return;
        }
        String reader = receipt.reader().userId();
        Instant at = receipt.at() == null ? clock.instant() : receipt.at();

        Map<String, List<ReceiptFrame>> bySender = new LinkedHashMap<>();
        lockReadersGroupMessages(reader, messageIds);
        for (Row row : lockReadersDeliveries(reader, messageIds)) {
            DeliveryStatus current = DeliveryStatus.ofColumn(row.status());
            var next = current.after(receipt.status());
            if (next.isEmpty()) {
                continue;
            }
            move(row.messageId(), reader, next.get(), at);
            if (current == DeliveryStatus.PENDING) {
                latency.record(Duration.between(row.sentAt(), at).isNegative() ? Duration.ZERO
                        : Duration.between(row.sentAt(), at));
            }
            log.info("{} message {} in {} to user {}", next.get() == DeliveryStatus.READ ? "read" : "delivered",
                    row.clientId(), row.conversationId(), reader);
            List<ReceiptFrame> frames = bySender.computeIfAbsent(row.senderId(), s -> new ArrayList<>());
            frames.add(ReceiptFrame.by(next.get() == DeliveryStatus.READ ? ReceiptStatus.READ : ReceiptStatus.DELIVERED,
                    row.clientId(), row.conversationId(), reader, at.toEpochMilli()));
            if (row.toGroup()) {
                frames.addAll(allReceipts.dueAfter(row.messageId(), row.clientId(), row.conversationId(), next.get(),
                        at));
            }
        }
        if (bySender.isEmpty()) {
            return;
        }
        FrameRouter.Batch batch = router.batch();
        bySender.forEach((sender, frames) -> notices.tell(sender, frames, batch));
        batch.await();
    }

    /**
     * Group messages are locked before their deliveries, in id order (as the expiry job locks messages, then
     * deliveries), so that two members' receipts for one message take turns: the second sees the first's change
     * and exactly one of them completes the {@code all:true} receipts. Direct messages have one recipient and
     * need no such lock.
     */
    private void lockReadersGroupMessages(String reader, List<String> clientIds) {
        jdbc.sql("""
                        select m.id from message m
                        where m.client_id in (:clientIds) and m.to_group is not null
                          and exists (select 1 from delivery d where d.message_id = m.id and d.recipient_id = :reader)
                        order by m.id
                        for no key update of m""")
                .param("clientIds", clientIds)
                .param("reader", reader)
                .query(Long.class)
                .list();
    }

    /**
     * Locked in key order, as the expiry job locks them, so the two never deadlock. A disappearing message past its
     * {@code expires_at} is gone for everyone, even before the job deletes it: its receipts are ignored.
     */
    private List<Row> lockReadersDeliveries(String reader, List<String> clientIds) {
        return jdbc.sql("""
                        select d.message_id, d.status, m.client_id, m.sender_id, m.conversation_id, m.sent_at,
                               m.to_group
                        from delivery d join message m on m.id = d.message_id
                        where m.client_id in (:clientIds) and d.recipient_id = :reader
                          and (m.expires_at is null or m.expires_at > :now)
                        order by d.message_id, d.recipient_id
                        for update of d""")
                .param("clientIds", clientIds)
                .param("reader", reader)
                .param("now", MessageRows.timestamp(clock.instant()))
                .query((rs, n) -> new Row(rs.getLong("message_id"), rs.getString("status"), rs.getString("client_id"),
                        rs.getString("sender_id"), rs.getString("conversation_id"), MessageRows.instant(rs, "sent_at"),
                        rs.getString("to_group") != null))
                .list();
    }

    private void move(long messageId, String reader, DeliveryStatus next, Instant at) {
        jdbc.sql("""
                        update delivery set status = :status, delivered_at = coalesce(delivered_at, :at),
                               read_at = case when :status = 'read' then :at else read_at end
                        where message_id = :messageId and recipient_id = :reader""")
                .param("status", next.column())
                .param("at", MessageRows.timestamp(at))
                .param("messageId", messageId)
                .param("reader", reader)
                .update();
    }

    private record Row(long messageId, String status, String clientId, String senderId, String conversationId,
                       Instant sentAt, boolean toGroup) {
    }
}

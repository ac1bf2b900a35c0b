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
 * its receipt out or kept.
 */
@Service
public class ReceiptHandler {

    private static final Logger log = LoggerFactory.getLogger(ReceiptHandler.class);

    private final JdbcClient jdbc;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final Clock clock;
    private final Timer latency;

    ReceiptHandler(JdbcClient jdbc, PendingNotices notices, FrameRouter router, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
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
            bySender.computeIfAbsent(row.senderId(), s -> new ArrayList<>()).add(ReceiptFrame.by(
                    next.get() == DeliveryStatus.READ ? ReceiptStatus.READ : ReceiptStatus.DELIVERED,
                    row.clientId(), row.conversationId(), reader, at.toEpochMilli()));
        }
        if (bySender.isEmpty()) {
            return;
        }
        FrameRouter.Batch batch = router.batch();
        bySender.forEach((sender, frames) -> notices.tell(sender, frames, batch));
        batch.await();
    }

    /** Locked in key order, as the expiry job locks them, so the two never deadlock. */
    private List<Row> lockReadersDeliveries(String reader, List<String> clientIds) {
        return jdbc.sql("""
                        select d.message_id, d.status, m.client_id, m.sender_id, m.conversation_id, m.sent_at
                        from delivery d join message m on m.id = d.message_id
                        where m.client_id in (:clientIds) and d.recipient_id = :reader
                        order by d.message_id, d.recipient_id
                        for update of d""")
                .param("clientIds", clientIds)
                .param("reader", reader)
                .query((rs, n) -> new Row(rs.getLong("message_id"), rs.getString("status"), rs.getString("client_id"),
                        rs.getString("sender_id"), rs.getString("conversation_id"), MessageRows.instant(rs, "sent_at")))
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
                       Instant sentAt) {
    }
}

package dev.courier.message.expiry;

import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.message.MessageProperties;
import dev.courier.message.media.MediaReleases;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import dev.courier.message.store.MessageGraveyard;
import dev.courier.message.store.MessageRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Time to live: a message that no recipient acknowledged within {@code courier.message.time-to-live} is destroyed
 * (its deliveries and the row) and its sender gets {@code error expired} with {@code ref} = the message id, on its
 * online devices or as a pending notice. A (group) message that some recipients acknowledged and others did not is
 * kept, and only the deliveries still pending are deleted: they are not tried any more, the sender is not told
 * (it has the {@code by} receipts of those who got it) and never gets the {@code all:true} receipts for it.
 * The media of destroyed image messages that no other message names are released ({@link MediaReleases}).
 * Works in bounded batches, one transaction each. The flush on connect and the retry timer never pick a message
 * past its time to live, so it is not delivered again while it waits here.
 */
@Component
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);
    static final String EXPIRED_MESSAGE = "Message could not be delivered within its time to live";

    private final JdbcClient jdbc;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final MediaReleases media;
    private final TransactionTemplate transaction;
    private final MessageProperties properties;
    private final Clock clock;
    private final Counter expired;
    private final Counter abandoned;
    private final MessageGraveyard graveyard;

    ExpiryJob(JdbcClient jdbc, PendingNotices notices, FrameRouter router, MediaReleases media,
              TransactionTemplate transaction, MessageProperties properties, Clock clock, MeterRegistry meters,
              MessageGraveyard graveyard) {
        this.jdbc = jdbc;
        this.graveyard = graveyard;
        this.notices = notices;
        this.router = router;
        this.media = media;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.expired = Counter.builder("courier.messages.expired")
                .description("Messages destroyed undelivered after their time to live")
                .register(meters);
        this.abandoned = Counter.builder("courier.deliveries.abandoned")
                .description("Deliveries given up after the time to live of a message that others received")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${courier.message.expiry.scan-interval:10s}")
    void run() {
        int batchSize = properties.expiry().batchSize();
        int total = 0;
        int abandonedTotal = 0;
        Batch batch;
        // Whole batches until a short one: a backlog drains in one run, each batch its own short transaction. Every
        // candidate leaves the job's query (destroyed, pending rows deleted, or acknowledged meanwhile).
        do {
            batch = transaction.execute(status -> expireBatch(batchSize));
            total += batch.expired();
            abandonedTotal += batch.abandoned();
        } while (batch.candidates() == batchSize);
        if (total > 0 || abandonedTotal > 0) {
            log.info("expiry job destroyed {} undelivered messages and gave up {} deliveries of partly delivered ones",
                    total, abandonedTotal);
        }
    }

    Batch expireBatch(int limit) {
        Instant cutoff = clock.instant().minus(properties.timeToLive());
        List<Candidate> candidates = jdbc.sql("""
                        select m.id, m.client_id, m.sender_id, m.conversation_id, m.media_id from message m
                        where m.sent_at < :cutoff
                          and exists (select 1 from delivery d where d.message_id = m.id and d.status = 'pending')
                        order by m.id
                        limit :limit
                        for update of m skip locked""")
                .param("cutoff", MessageRows.timestamp(cutoff))
                .param("limit", limit)
                .query(Candidate.class)
                .list();
        if (candidates.isEmpty()) {
            return new Batch(0, 0, 0);
        }
        // Lock the deliveries (in the order receipts lock them) and look again: a receipt that committed since the
        // select above has made its message delivered, and it is kept. Group receipts lock the message row first,
        // so a message a receipt is working on was skipped above.
        List<Long> ids = candidates.stream().map(Candidate::id).toList();
        record Lock(long messageId, String status) {
        }
        Set<Long> acknowledged = jdbc.sql("""
                        select message_id, status from delivery where message_id in (:ids)
                        order by message_id, recipient_id for update""")
                .param("ids", ids)
                .query(Lock.class)
                .list().stream()
                .filter(lock -> !lock.status().equals("pending"))
                .map(Lock::messageId)
                .collect(Collectors.toSet());
        int abandonedNow = abandonPending(candidates.stream()
                .filter(c -> acknowledged.contains(c.id())).toList());
        List<Candidate> doomed = candidates.stream().filter(c -> !acknowledged.contains(c.id())).toList();
        if (doomed.isEmpty()) {
            return new Batch(candidates.size(), 0, abandonedNow);
        }
        List<Long> doomedIds = doomed.stream().map(Candidate::id).toList();
        graveyard.bury(doomedIds, clock.instant());

        Map<String, List<ErrorFrame>> bySender = new LinkedHashMap<>();
        for (Candidate message : doomed) {
            log.info("expired message {} from {} in {}: undelivered after {}", message.clientId(), message.senderId(),
                    message.conversationId(), properties.timeToLive());
            bySender.computeIfAbsent(message.senderId(), s -> new ArrayList<>())
                    .add(new ErrorFrame(ErrorFrame.EXPIRED, EXPIRED_MESSAGE, message.clientId()));
        }
        FrameRouter.Batch sends = router.batch();
        bySender.forEach((sender, frames) -> notices.tell(sender, frames, sends));
        sends.await();
        media.release(doomed.stream().map(c -> new MediaReleases.Deleted(c.mediaId(), c.clientId())).toList());
        expired.increment(doomed.size());
        return new Batch(candidates.size(), doomed.size(), abandonedNow);
    }

    /** Partly delivered messages: their pending deliveries are deleted (no more tries), the message stays. */
    private int abandonPending(List<Candidate> partlyDelivered) {
        if (partlyDelivered.isEmpty()) {
            return 0;
        }
        int deleted = jdbc.sql("delete from delivery where message_id in (:ids) and status = 'pending'")
                .param("ids", partlyDelivered.stream().map(Candidate::id).toList())
                .update();
        partlyDelivered.forEach(message -> log.info("gave up the pending deliveries of message {} from {} in {} "
                + "after {}: other recipients got it", message.clientId(), message.senderId(),
                message.conversationId(), properties.timeToLive()));
        abandoned.increment(deleted);
        return deleted;
    }

    record Candidate(long id, String clientId, String senderId, String conversationId, String mediaId) {
    }

    record Batch(int candidates, int expired, int abandoned) {
    }
}

package dev.courier.message.disappearing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.MessageProperties;
import dev.courier.message.media.MediaReleases;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import dev.courier.message.store.MessageGraveyard;
import dev.courier.message.store.MessageRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Deletes disappearing messages once their {@code expires_at} has passed: the row and its delivery rows, in
 * batches of {@code courier.message.disappearing.batch-size}, oldest first (the partial index on
 * {@code expires_at}), one short transaction each, rows locked {@code for update skip locked} so that instances
 * share the work and a receipt working on a message is not waited for. The job keeps no state: after a restart
 * it simply finds what is due. Each batch, before it commits, routes {@code expired} frames to the connected
 * devices of the senders and recipients, keeps them as pending notices for those without one that had the
 * message ({@link ExpiredAudience}), and releases the media no remaining message names. The retry timer, the
 * flush on connect, receipts and the history already ignore a message past {@code expires_at}, so the job's lag
 * (metric {@code courier.messages.disappearing.lag}) is never visible as a late delivery.
 */
@Component
class DisappearingJob {

    private static final Logger log = LoggerFactory.getLogger(DisappearingJob.class);

    private final JdbcClient jdbc;
    private final DeviceSessions sessions;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final MediaReleases media;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Clock clock;
    private final Counter disappeared;
    private final Timer lag;
    private final MessageGraveyard graveyard;

    DisappearingJob(JdbcClient jdbc, DeviceSessions sessions, PendingNotices notices, FrameRouter router,
                    MediaReleases media, TransactionTemplate transaction, MessageProperties properties, Clock clock,
                    MeterRegistry meters, MessageGraveyard graveyard) {
        this.jdbc = jdbc;
        this.graveyard = graveyard;
        this.sessions = sessions;
        this.notices = notices;
        this.router = router;
        this.media = media;
        this.transaction = transaction;
        this.batchSize = properties.disappearing().batchSize();
        this.clock = clock;
        this.disappeared = Counter.builder("courier.messages.disappeared")
                .description("Disappearing messages deleted at their expiry")
                .register(meters);
        this.lag = Timer.builder("courier.messages.disappearing.lag")
                .description("From a disappearing message's expires_at to its deletion")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${courier.message.disappearing.scan-interval:5s}")
    void run() {
        int total = 0;
        int deleted;
        // Whole batches until a short one: a backlog drains batch after batch, each its own short transaction, so
        // sends and receipts interleave with it rather than wait for one long delete.
        do {
            Integer batch = transaction.execute(status -> deleteDue(batchSize));
            deleted = batch == null ? 0 : batch;
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            log.info("disappearing job deleted {} messages", total);
        }
    }

    /** Deletes at most {@code limit} due messages; returns how many. Runs in the caller's transaction. */
    int deleteDue(int limit) {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("""
                        select m.id, m.client_id, m.sender_id, m.conversation_id, m.expires_at, m.media_id
                        from message m
                        where m.expires_at is not null and m.expires_at <= :now
                        order by m.expires_at
                        limit :limit
                        for update of m skip locked""")
                .param("now", MessageRows.timestamp(now))
                .param("limit", limit)
                .query((rs, n) -> new Due(new ExpiredAudience.Message(rs.getLong("id"), rs.getString("client_id"),
                        rs.getString("sender_id"), rs.getString("conversation_id")),
                        MessageRows.instant(rs, "expires_at"), rs.getString("media_id")))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        List<Long> ids = due.stream().map(d -> d.message().id()).toList();
        // In key order, as receipts lock them, so the two never deadlock.
        List<ExpiredAudience.Delivery> deliveries = jdbc.sql("""
                        select message_id, recipient_id, status from delivery where message_id in (:ids)
                        order by message_id, recipient_id for update""")
                .param("ids", ids)
                .query(ExpiredAudience.Delivery.class)
                .list();
        graveyard.bury(ids, now);

        List<ExpiredAudience.Message> messages = due.stream().map(Due::message).toList();
        Map<String, List<DeviceSession>> online = sessions.of(ExpiredAudience.users(messages, deliveries));
        ExpiredAudience audience = ExpiredAudience.of(messages, deliveries, online.keySet());
        FrameRouter.Batch batch = router.batch();
        audience.connected().forEach((user, frames) -> online.get(user)
                .forEach(device -> frames.forEach(frame -> batch.route(device, frame))));
        // Re-checked by PendingNotices: a device that connected meanwhile gets them at once.
        audience.kept().forEach((user, frames) -> notices.tell(user, frames, batch));
        batch.await();
        media.release(due.stream().map(d -> new MediaReleases.Deleted(d.mediaId(), d.message().clientId())).toList());

        Instant deletedAt = clock.instant();
        due.forEach(d -> lag.record(Duration.between(d.expiresAt(), deletedAt).isNegative() ? Duration.ZERO
                : Duration.between(d.expiresAt(), deletedAt)));
        disappeared.increment(due.size());
        Map<String, List<String>> byConversation = due.stream().collect(Collectors.groupingBy(
                d -> d.message().conversationId(), LinkedHashMap::new,
                Collectors.mapping(d -> d.message().clientId(), Collectors.toList())));
        byConversation.forEach((conversation, clientIds) -> log.info(
                "disappeared {} messages in {} at their expiry: {}", clientIds.size(), conversation, clientIds));
        log.debug("expired frames to {} connected and {} offline users", audience.connected().size(),
                audience.kept().size());
        return due.size();
    }

    private record Due(ExpiredAudience.Message message, Instant expiresAt, String mediaId) {
    }
}

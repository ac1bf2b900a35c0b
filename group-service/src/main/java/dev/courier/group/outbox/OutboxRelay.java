package dev.courier.group.outbox;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.Topics;
import dev.courier.group.GroupProperties;
import dev.courier.support.kafka.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@code group_event_outbox} rows to {@link Topics#GROUPS} (key: group id) in id order, as soon as the
 * transaction that wrote them commits ({@link #wake()}), and every {@code courier.group.outbox.relay-interval} for
 * what a round left behind: a bounded batch per transaction, sent, acknowledged by Kafka, then
 * marked published. A crash or a Kafka failure before the commit leaves the rows unpublished, and the next round
 * sends them again: at least once; consumers are idempotent.
 * <p>
 * Several instances run the relay. {@code FOR UPDATE SKIP LOCKED} keeps two of them from taking the same rows, but
 * alone it would let one instance publish a group's newer rows while another still sends its older ones, so a
 * round first takes a transaction-scoped advisory lock: one relay at a time, and each group's events in order
 * (a group's changes serialise on its row lock, so their ids follow their commit order).
 */
@Component
class OutboxRelay implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Any constant shared by every instance: the advisory lock that makes the relay single-runner. */
    private static final long RELAY_LOCK = 0x67726f75704f7574L;
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, CourierEvent> kafka;
    private final TransactionTemplate transactions;
    private final GroupProperties.Outbox settings;
    private final Clock clock;
    private final Counter published;
    private final AtomicBoolean waking = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();

    OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, CourierEvent> kafka, TransactionTemplate transactions,
                GroupProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.settings = properties.outbox();
        this.clock = clock;
        this.published = meters.counter("courier.group.outbox.published");
    }

    /**
     * Runs a relay round now, on a thread of its own. Wakes while a round runs make one more round after it, so a
     * row committed during a round is not left for the schedule.
     */
    void wake() {
        wakeAgain.set(true);
        if (waking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("outbox-relay").start(() -> {
                try {
                    while (wakeAgain.getAndSet(false)) {
                        relayPending();
                    }
                } finally {
                    waking.set(false);
                }
                if (wakeAgain.get()) {
                    wake();
                }
            });
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::relayPending, settings.relayInterval());
        registrar.addFixedDelayTask(this::deletePublished, CLEANUP_INTERVAL);
    }

    /**
     * Relays batches until the outbox is drained (or another instance holds the relay). One round at a time in this
     * instance: a woken round waits for a scheduled one instead of finding the relay's lock taken and leaving.
     */
    synchronized void relayPending() {
        try {
            int relayed;
            do {
                relayed = relayBatch();
            } while (relayed == settings.batchSize());
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed, the rows stay unpublished and are retried: {}", e.getMessage());
        }
    }

    /** @return how many rows were published, 0 if another instance is relaying */
    int relayBatch() {
        Integer count = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Row> rows = jdbc.sql("""
                            select id, group_id, payload::text as payload from group_event_outbox
                            where published_at is null order by id limit ? for update skip locked""")
                    .param(settings.batchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("group_id", UUID.class),
                            rs.getString("payload")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            publish(rows);
            jdbc.sql("update group_event_outbox set published_at = ? where id = any(?)")
                    .params(Timestamp.from(clock.instant()), rows.stream().map(Row::id).toArray(Long[]::new))
                    .update();
            return rows.size();
        });
        return count == null ? 0 : count;
    }

    private void publish(List<Row> rows) {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        List<CourierEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            CourierEvent event = EventJson.read(row.payload().getBytes(StandardCharsets.UTF_8));
            events.add(event);
            acks.add(kafka.send(Topics.GROUPS, row.groupId().toString(), event));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing outbox rows", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge outbox rows " + rows.getFirst().id() + ".."
                    + rows.getLast().id() + ": " + e, e);
        }
        published.increment(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CourierEvent event = events.get(i);
            log.info("Published {} {} of group {} (outbox row {})", event.getClass().getSimpleName(),
                    event.eventId(), rows.get(i).groupId(), rows.get(i).id());
        }
    }

    void deletePublished() {
        try {
            int deleted = jdbc.sql("delete from group_event_outbox where published_at < ?")
                    .param(Timestamp.from(clock.instant().minus(settings.retention())))
                    .update();
            if (deleted > 0) {
                log.info("Deleted {} published outbox row(s) older than {}", deleted, settings.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Deleting published outbox rows failed: {}", e.getMessage());
        }
    }

    private record Row(long id, UUID groupId, String payload) {
    }
}

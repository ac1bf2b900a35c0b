package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.support.tracing.KafkaTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Publishes events and waits until the broker has them: a listener returns only once its effects are durable, so
 * the offset it then commits never covers a lost send (ADR 001, "durable first, then acknowledge"). A batch
 * listener sends the effects of all its records without waiting, then waits for all of them at once
 * ({@link Batch}); {@link Batch#forEach} is the loop such a listener runs record by record, {@link #wholePoll} the
 * loop of one whose whole poll is one unit of work. Each send carries the trace of the record that caused it
 * ({@link KafkaTracing}).
 */
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    /** Longer than any healthy broker takes; a send not acknowledged by then fails its record (retried). */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaTemplate<String, CourierEvent> kafka;
    private final KafkaTracing tracing;

    public EventPublisher(KafkaTemplate<String, CourierEvent> kafka) {
        this(kafka, KafkaTracing.NOOP);
    }

    public EventPublisher(KafkaTemplate<String, CourierEvent> kafka, KafkaTracing tracing) {
        this.kafka = kafka;
        this.tracing = tracing;
    }

    /** The sends of one batch of consumed records. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * The loop of a batch listener whose whole poll is one unit of work (one transaction of set-based statements,
     * then one flush: message-service's hot path, issue 17). {@code unit} gets the poll's records at once, up to the
     * first whose value could not be read. When it throws, the records are done again one at a time to find the one
     * that fails: the records before it stay done, and the {@link BatchListenerFailedException} for it makes the error
     * handler commit them, retry it, then dead-letter it, and go on with the records after it. An unreadable record
     * is handed to the error handler the same way once the records before it are done. {@code unit} must be safe to
     * run again for records it already did (a replay changes nothing) and must await its own sends.
     */
    public <V> void wholePoll(List<ConsumerRecord<String, V>> records, Consumer<List<ConsumerRecord<String, V>>> unit) {
        int unreadable = -1;
        for (int i = 0; i < records.size() && unreadable < 0; i++) {
            if (CourierRecordFilter.unreadable(records.get(i))) {
                unreadable = i;
            }
        }
        List<ConsumerRecord<String, V>> readable = unreadable < 0 ? records : records.subList(0, unreadable);
        if (!readable.isEmpty()) {
            try {
                unit.accept(readable);
            } catch (RuntimeException e) {
                if (readable.size() == 1) {
                    throw failedOn(readable.getFirst(), e);
                }
                log.info("a poll of {} records failed ({}): doing them one at a time", readable.size(), e.toString());
                for (ConsumerRecord<String, V> record : readable) {
                    try {
                        unit.accept(List.of(record));
                    } catch (RuntimeException single) {
                        throw failedOn(record, single);
                    }
                }
            }
        }
        if (unreadable >= 0) {
            ConsumerRecord<String, V> record = records.get(unreadable);
            throw failedOn(record, CourierRecordFilter.failure(record));
        }
    }

    /** The exception that makes the error handler retry {@code record}, then dead-letter it, logged in its trace. */
    private BatchListenerFailedException failedOn(ConsumerRecord<?, ?> record, Exception cause) {
        tracing.enter(record);
        try {
            return new BatchListenerFailedException("Failed on record " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + cause, cause, record);
        } finally {
            tracing.exit();
        }
    }

    /** One record to publish: its topic, key and value. */
    public record Outgoing(String topic, String key, CourierEvent event) {
    }

    /** What a batch listener does with one record of its poll. */
    @FunctionalInterface
    public interface RecordHandler<V> {

        void handle(ConsumerRecord<String, V> record, V value);
    }

    /**
     * The sends caused by a batch of consumed records, each remembered with the record that caused it. Sends are
     * not awaited one by one: {@link #await()} waits for all of them once. Kafka's idempotent producer keeps the
     * send order per partition, so records processed in order keep their order per key.
     */
    public final class Batch {

        private final List<ConsumerRecord<?, ?>> causes = new ArrayList<>();
        private final List<CompletableFuture<?>> sends = new ArrayList<>();

        private Batch() {
        }

        /**
         * Sends the records caused by {@code cause}, without waiting. From here until the next record's send (or
         * {@link #await()}, {@link #failed}) this thread works in {@code cause}'s trace: the records sent carry it,
         * and log lines show its trace id and message id.
         */
        public void send(ConsumerRecord<?, ?> cause, Outgoing... records) {
            tracing.enter(cause);
            for (Outgoing record : records) {
                sends.add(kafka.send(record.topic(), record.key(), record.event()));
                causes.add(cause);
            }
        }

        /**
         * Sends records that no consumed record caused (a scheduled job's), in the trace current on this thread,
         * without waiting.
         */
        public void send(Outgoing... records) {
            for (Outgoing record : records) {
                sends.add(kafka.send(record.topic(), record.key(), record.event()));
                causes.add(null);
            }
        }

        /**
         * The loop of a batch listener over one poll: hands each record that has a value to {@code handler}, in
         * order, then runs {@code beforeCommit} (what the records' effects need to be durable, e.g. a write the
         * handlers collected) and awaits the sends. A record whose value could not be read, or whose handler throws,
         * ends the poll there: {@code beforeCommit} runs for the records before it, their sends are awaited, and the
         * {@link BatchListenerFailedException} of {@link #failed} makes the error handler commit those records, then
         * retry this one and dead-letter it, and go on with the records after it.
         */
        public <V> void forEach(List<ConsumerRecord<String, V>> records, Runnable beforeCommit,
                                RecordHandler<V> handler) {
            for (ConsumerRecord<String, V> record : records) {
                try {
                    if (CourierRecordFilter.unreadable(record)) {
                        throw CourierRecordFilter.failure(record);
                    }
                    if (record.value() != null) {
                        handler.handle(record, record.value());
                    }
                } catch (Exception e) {
                    beforeCommit.run();
                    throw failed(record, e);
                }
            }
            beforeCommit.run();
            await();
        }

        /** How many sends this batch has started. */
        public int size() {
            return sends.size();
        }

        /**
         * Waits until the broker has every send. Otherwise throws a {@link BatchListenerFailedException} naming
         * the first record (in consumption order) whose send failed: the error handler commits the records before
         * it, whose sends all succeeded, and retries from it.
         */
        public void await() {
            tracing.exit();
            if (!sends.isEmpty()) {
                // Out now, not after linger.ms: one flush for the whole unit of work (its records batch together).
                kafka.flush();
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                        .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failedAt(e);
            } catch (ExecutionException | TimeoutException e) {
                throw failedAt(e);
            }
        }

        /**
         * Processing {@code record} failed: waits for the sends of the records before it, then throws a
         * {@link BatchListenerFailedException} for it (or for an earlier record whose send failed), so the records
         * before it are committed and it is retried, then dead-lettered, and the records after it follow.
         */
        public BatchListenerFailedException failed(ConsumerRecord<?, ?> record, Exception cause) {
            tracing.exit();
            int before = causes.indexOf(record);
            if (before >= 0) {
                causes.subList(before, causes.size()).clear();
                sends.subList(before, sends.size()).clear();
            }
            await();
            return new BatchListenerFailedException("Failed on record " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + cause.getMessage(), cause, record);
        }

        private BatchListenerFailedException failedAt(Exception e) {
            for (int i = 0; i < sends.size(); i++) {
                CompletableFuture<?> send = sends.get(i);
                if (!send.isDone() || send.isCompletedExceptionally()) {
                    ConsumerRecord<?, ?> record = causes.get(i);
                    if (record == null) {
                        continue;
                    }
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    return new BatchListenerFailedException("A send caused by " + record.topic() + "-"
                            + record.partition() + "@" + record.offset() + " failed: " + cause, cause, record);
                }
            }
            return new BatchListenerFailedException("Sends failed: " + e, e, 0);
        }
    }
}

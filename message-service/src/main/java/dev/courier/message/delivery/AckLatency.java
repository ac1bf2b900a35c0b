package dev.courier.message.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long recipients take to acknowledge a message right now: from its storing to this service handling the
 * receipt, so that every queue on the way counts, this service's own backlog included. The largest such time in
 * each of the last {@value #WINDOWS} ten-second windows is kept, and {@link #current()} is their maximum: it rises
 * with the first slow acknowledgement and falls back only when a whole half minute had none as slow.
 * <p>
 * The retry timer resends to a live socket only when it has waited longer than a few of these: over a live
 * connection a frame is rarely lost, and resending while a cold or overloaded system is still on its way to the
 * acknowledgement only adds to its work (a retry storm). Thread-safe.
 */
@Component
public class AckLatency {

    static final int WINDOWS = 3;
    private static final long WINDOW_MILLIS = 10_000;

    private final Clock clock;
    private final long[] maxMillis = new long[WINDOWS];
    private final long[] windowOf = new long[WINDOWS];

    AckLatency(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        Gauge.builder("courier.delivery.ack.latency.recent", this, latency -> latency.current().toMillis())
                .description("Slowest acknowledgement of a message in the last half minute, in milliseconds")
                .baseUnit("milliseconds")
                .register(meters);
    }

    /** A message stored at {@code sentAt} was acknowledged, as this service learnt at {@code handledAt}. */
    public void acknowledged(Instant sentAt, Instant handledAt) {
        record(sentAt, handledAt);
    }

    /**
     * This service handled at {@code handledAt} a record written at {@code writtenAt}: it is that far behind, and
     * any acknowledgement waiting in its queue is at least that late (counted even while no acknowledgement comes).
     */
    public void behind(Instant writtenAt, Instant handledAt) {
        record(writtenAt, handledAt);
    }

    private synchronized void record(Instant from, Instant handledAt) {
        long took = Math.max(0, Duration.between(from, handledAt).toMillis());
        long window = handledAt.toEpochMilli() / WINDOW_MILLIS;
        int slot = (int) (window % WINDOWS);
        if (windowOf[slot] != window) {
            windowOf[slot] = window;
            maxMillis[slot] = 0;
        }
        maxMillis[slot] = Math.max(maxMillis[slot], took);
    }

    /** The slowest acknowledgement of the last {@value #WINDOWS} windows (zero when there was none). */
    public synchronized Duration current() {
        long window = clock.instant().toEpochMilli() / WINDOW_MILLIS;
        long max = 0;
        for (int slot = 0; slot < WINDOWS; slot++) {
            if (window - windowOf[slot] < WINDOWS) {
                max = Math.max(max, maxMillis[slot]);
            }
        }
        return Duration.ofMillis(max);
    }
}

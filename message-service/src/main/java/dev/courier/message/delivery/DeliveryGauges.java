package dev.courier.message.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many deliveries wait and for how long the oldest has waited. Recomputed on a timer with one query over the
 * pending rows only, so that scrapes cost nothing.
 */
@Component
class DeliveryGauges {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    DeliveryGauges(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("courier.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries not yet acknowledged by their recipient")
                .register(meters);
        Gauge.builder("courier.deliveries.pending.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest message still pending for a recipient")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${courier.message.metrics.refresh-interval:15s}")
    void refresh() {
        record Snapshot(long pending, java.sql.Timestamp oldest) {
        }
        Snapshot snapshot = jdbc.sql("""
                        select count(*) as pending, min(m.sent_at) as oldest
                        from delivery d join message m on m.id = d.message_id
                        where d.status = 'pending'""")
                .query((rs, row) -> new Snapshot(rs.getLong("pending"), rs.getTimestamp("oldest")))
                .single();
        pending.set(snapshot.pending());
        Instant oldest = snapshot.oldest() == null ? null : snapshot.oldest().toInstant();
        oldestAgeSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds()));
    }
}

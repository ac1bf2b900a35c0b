package dev.courier.message.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AckLatencyTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final AckLatency latency = new AckLatency(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, new SimpleMeterRegistry());

    @Test
    void theSlowestRecentAcknowledgementCountsUntilHalfAMinuteHadNoneAsSlow() {
        assertThat(latency.current()).isZero();
        latency.acknowledged(now.minusMillis(40), now);
        latency.acknowledged(now.minusSeconds(4), now);
        latency.acknowledged(now.minusMillis(90), now);
        assertThat(latency.current()).isEqualTo(Duration.ofSeconds(4));

        now = now.plusSeconds(20);
        latency.acknowledged(now.minusMillis(50), now);
        assertThat(latency.current()).as("still within the last three windows").isEqualTo(Duration.ofSeconds(4));

        now = now.plusSeconds(20);
        assertThat(latency.current()).isEqualTo(Duration.ofMillis(50));
        now = now.plusSeconds(30);
        assertThat(latency.current()).isZero();
    }

    @Test
    void aBacklogCountsEvenBeforeAnyAcknowledgementComes() {
        latency.behind(now.minusSeconds(7), now);
        assertThat(latency.current()).isEqualTo(Duration.ofSeconds(7));
    }
}

package dev.courier.message.delivery;

import dev.courier.message.MessageProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry timer's hold: a delivery waits beyond its backoff while acknowledgements come back slowly. */
class RetryHoldTest {

    private final Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final AckLatency latency = new AckLatency(clock, new SimpleMeterRegistry());
    private final RetryJob job = new RetryJob(null, null, null, null, null, latency, properties(), clock,
            new SimpleMeterRegistry());

    @Test
    void quickAcknowledgementsLeaveTheBackoffAsItIs() {
        latency.acknowledged(now.minusMillis(300), now);
        assertThat(job.holdBeyondBackoff()).isZero();
    }

    @Test
    void slowAcknowledgementsHoldResendsForThreeOfThem() {
        latency.acknowledged(now.minusSeconds(4), now);
        assertThat(job.holdBeyondBackoff()).as("3 x 4 s, less the 5 s backoff").isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theHoldNeverExceedsTheLongestBackoff() {
        latency.behind(now.minusSeconds(600), now);
        assertThat(job.holdBeyondBackoff()).as("3 x 10 min, capped at the 5 min max backoff")
                .isEqualTo(Duration.ofMinutes(5));
    }

    private static MessageProperties properties() {
        return new MessageProperties(new MessageProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofSeconds(1), 500), Duration.ofDays(30),
                new MessageProperties.Expiry(Duration.ofSeconds(10), 500),
                new MessageProperties.Metrics(Duration.ofSeconds(15)),
                new MessageProperties.Sessions(Duration.ofSeconds(30), Duration.ofSeconds(5)),
                new MessageProperties.Disappearing(Duration.ofSeconds(5), 500, false),
                new MessageProperties.Actions(Duration.ofMinutes(15), Duration.ofHours(48)));
    }
}

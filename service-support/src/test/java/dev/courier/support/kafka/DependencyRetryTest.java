package dev.courier.support.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyRetryTest {

    @Test
    void aDependencyFailureIsFoundInsideTheBatchListenersWrapper() {
        var down = new DependencyUnavailableException("group-service down", null);
        assertThat(CourierKafkaAutoConfiguration.causedBy(
                new BatchListenerFailedException("record 3 failed", new RuntimeException(down), 3),
                DependencyUnavailableException.class)).isTrue();
        assertThat(CourierKafkaAutoConfiguration.causedBy(new IllegalStateException("bad record"),
                DependencyUnavailableException.class)).isFalse();
    }

    @Test
    void aDependencyOutageIsWaitedForUpToTheLimitWithBackoffsOfAtMostFiveSeconds() {
        BackOffExecution execution = CourierKafkaAutoConfiguration.dependencyBackOff(Duration.ofMinutes(1)).start();
        long waited = 0;
        int attempts = 0;
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            assertThat(next).isBetween(500L, 5_000L);
            waited += next;
            attempts++;
        }
        assertThat(attempts).as("far more than the four tries of a bad record").isGreaterThan(10);
        assertThat(waited).isBetween(Duration.ofSeconds(55).toMillis(), Duration.ofSeconds(70).toMillis());
    }
}

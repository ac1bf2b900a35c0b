package dev.courier.message.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void waitsTheInitialBackoffAfterTheFirstSend() {
        assertThat(backoff.after(0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void doublesWithEachAttempt() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(160));
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        assertThat(backoff.after(6)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(63)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aMaximumThatIsNotAPowerOfTwoOfTheInitialIsReachedExactly() {
        Backoff uneven = new Backoff(Duration.ofSeconds(1), Duration.ofMillis(2500));
        assertThat(uneven.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(uneven.after(2)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void refusesAMaximumBelowTheInitial() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

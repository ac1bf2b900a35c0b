package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private static final String PHONE = "+15550001111";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new AuthProperties("courier", Duration.ofMinutes(15),
            Duration.ofDays(30), Duration.ofSeconds(10),
            new AuthProperties.LoginThrottle(3, Duration.ofMinutes(5)), java.net.URI.create("http://localhost:8086"),
            java.net.URI.create("http://localhost:8087"), Duration.ofSeconds(2), java.util.List.of(), 10), clock);

    @Test
    void allowsMaxFailuresThenRefusesUntilTheOldestFailureLeavesTheWindow() {
        fail(3, Duration.ofSeconds(10));

        assertThat(throttle.tryAttempt(PHONE)).contains(Duration.ofMinutes(5).minusSeconds(20));

        clock.advance(Duration.ofMinutes(4).plusSeconds(39));
        assertThat(throttle.tryAttempt(PHONE)).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt(PHONE)).isEmpty();
        // The window slides: the second failure still counts, so only that one attempt was freed.
        assertThat(throttle.tryAttempt(PHONE)).isPresent();
    }

    @Test
    void refusedAttemptsDoNotExtendTheBlock() {
        fail(3, Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(throttle.tryAttempt(PHONE)).isPresent();
        }
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.tryAttempt(PHONE)).isEmpty();
    }

    @Test
    void successForgivesEarlierFailures() {
        fail(2, Duration.ZERO);
        assertThat(throttle.tryAttempt(PHONE)).isEmpty();
        throttle.succeeded(PHONE);

        fail(3, Duration.ZERO);
        assertThat(throttle.tryAttempt(PHONE)).isPresent();
    }

    @Test
    void phonesAreThrottledApart() {
        fail(3, Duration.ZERO);

        assertThat(throttle.tryAttempt(PHONE)).isPresent();
        assertThat(throttle.tryAttempt("+15550002222")).isEmpty();
    }

    @Test
    void sweepForgetsPhonesWhoseFailuresAreAllOld() {
        fail(1, Duration.ZERO);
        clock.advance(Duration.ofMinutes(3));
        throttle.tryAttempt("+15550002222");

        clock.advance(Duration.ofMinutes(2));
        throttle.sweep();

        assertThat(throttle.trackedPhones()).isEqualTo(1);
    }

    /** Attempts that fail (nobody calls {@code succeeded}), {@code gap} apart, each allowed. */
    private void fail(int attempts, Duration gap) {
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                clock.advance(gap);
            }
            assertThat(throttle.tryAttempt(PHONE)).as("attempt %d", i + 1).isEmpty();
        }
    }

    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}

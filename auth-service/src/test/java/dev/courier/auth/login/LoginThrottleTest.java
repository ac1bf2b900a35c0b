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
    private static final String HOME = "198.51.100.1";
    private static final String GUESSER = "203.0.113.9";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new AuthProperties("courier", Duration.ofMinutes(15),
            Duration.ofDays(30), Duration.ofSeconds(10),
            new AuthProperties.LoginThrottle(3, 6, 10, Duration.ofSeconds(1), Duration.ofSeconds(60),
                    Duration.ofMinutes(5), Duration.ofMinutes(15)),
            new AuthProperties.Registrations(10, 10), java.util.List.of(), 10), clock);

    @Test
    void afterTheFreeFailuresEachAttemptWaitsTwiceAsLongUpToAMinuteNeverAFlatLock() {
        fail(PHONE, GUESSER, 3);
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).isEmpty(); // the 4th failure
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).isEmpty(); // the 5th
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).contains(Duration.ofSeconds(4));
        for (int i = 0; i < 4; i++) { // up to the 9th failure: 64 s, capped
            clock.advance(Duration.ofMinutes(1));
            assertThat(throttle.tryAttempt(PHONE, GUESSER)).isEmpty();
        }
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).as("capped").contains(Duration.ofSeconds(60));
    }

    @Test
    void theOwnerFromAnotherAddressIsNotSlowedByAGuesserUntilTheAccountWideBackoffAndThenAtMostAMinute() {
        fail(PHONE, GUESSER, 3);
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).isPresent();
        assertThat(throttle.tryAttempt(PHONE, HOME)).as("the owner at home").isEmpty();
        throttle.succeeded(PHONE, HOME);

        // A guesser spread over many addresses: the phone's own backoff starts after 6 failures in all.
        for (int i = 0; i < 6; i++) {
            assertThat(throttle.tryAttempt(PHONE, "203.0.113." + (20 + i))).isEmpty();
        }
        assertThat(throttle.tryAttempt(PHONE, HOME)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt(PHONE, HOME)).isEmpty();
        throttle.succeeded(PHONE, HOME);
        assertThat(throttle.tryAttempt(PHONE, HOME)).as("a success forgives the phone").isEmpty();
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        fail(PHONE, GUESSER, 3);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAttempt(PHONE, GUESSER)).isPresent();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt(PHONE, GUESSER)).isEmpty();
    }

    @Test
    void oneAddressTryingManyPhonesIsSlowedToo() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAttempt("+1555000" + (2000 + i), GUESSER)).isEmpty();
        }
        assertThat(throttle.tryAttempt("+15550009999", GUESSER)).contains(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt("+15550009999", HOME)).isEmpty();
    }

    @Test
    void sweepForgetsKeysWithoutARecentFailure() {
        fail(PHONE, GUESSER, 1);
        clock.advance(Duration.ofMinutes(10));
        throttle.tryAttempt("+15550002222", HOME);
        clock.advance(Duration.ofMinutes(6));
        throttle.sweep();
        assertThat(throttle.trackedKeys()).isEqualTo(3);
    }

    /** Attempts that fail (nobody calls {@code succeeded}), each allowed. */
    private void fail(String phone, String address, int attempts) {
        for (int i = 0; i < attempts; i++) {
            assertThat(throttle.tryAttempt(phone, address)).as("attempt %d", i + 1).isEmpty();
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

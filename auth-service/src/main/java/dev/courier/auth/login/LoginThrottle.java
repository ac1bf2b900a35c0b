package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Throttles password guessing per phone number: once {@code maxFailures} logins failed within the sliding
 * {@code window}, further attempts are refused (even with the right password) until the oldest of those failures
 * leaves the window. Every attempt is counted as a failure when it starts and forgiven when it succeeds, so that
 * concurrent guesses cannot all slip past the check. In memory, per instance. Thread-safe.
 */
@Component
class LoginThrottle {

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.maxFailures = properties.loginThrottle().maxFailures();
        this.window = properties.loginThrottle().window();
        this.clock = clock;
    }

    /**
     * Starts a login attempt for {@code phone}.
     *
     * @return empty if the attempt may go ahead (it now counts as a failure until {@link #succeeded}), else how
     * long until the next attempt will be allowed
     */
    Optional<Duration> tryAttempt(String phone) {
        Instant now = clock.instant();
        Duration[] wait = {null};
        failures.compute(phone, (key, times) -> {
            Deque<Instant> recent = times == null ? new ArrayDeque<>() : times;
            forgetOld(recent, now);
            if (recent.size() >= maxFailures) {
                wait[0] = Duration.between(now, recent.peekFirst().plus(window));
            } else {
                recent.addLast(now);
            }
            return recent;
        });
        return Optional.ofNullable(wait[0]);
    }

    /** The attempt was right: its phone number starts with a clean slate. */
    void succeeded(String phone) {
        failures.remove(phone);
    }

    /** Drops phone numbers whose failures have all left the window, so the map does not grow without bound. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    void sweep() {
        Instant now = clock.instant();
        for (String phone : failures.keySet()) {
            failures.computeIfPresent(phone, (key, times) -> {
                forgetOld(times, now);
                return times.isEmpty() ? null : times;
            });
        }
    }

    int trackedPhones() {
        return failures.size();
    }

    private void forgetOld(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.pollFirst();
        }
    }
}

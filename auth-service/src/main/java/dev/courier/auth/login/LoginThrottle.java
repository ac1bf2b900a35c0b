package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Slows password guessing without locking the owner out: exponential backoff on three keys at once, the phone from
 * one client address, the phone from every address, and the address over every phone. Past a key's free failures,
 * the next attempt must wait {@code firstDelay} doubled per further failure, up to the key's cap (a minute for a
 * phone, so its owner never waits longer than that between tries, even behind the guesser's own address). Refused
 * attempts are not failures and extend nothing. Every attempt counts as a failure when it starts and is forgiven
 * when it succeeds, so concurrent guesses cannot all slip past the check. A success clears the phone's keys.
 * In memory, per instance; keys without a failure for {@code forgetAfter} are forgotten. Thread-safe.
 */
@Component
class LoginThrottle {

    private record Policy(int freeFailures, Duration maxDelay) {
    }

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Policy phoneAndAddress;
    private final Policy phone;
    private final Policy address;
    private final Duration firstDelay;
    private final Duration forgetAfter;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        var throttle = properties.loginThrottle();
        this.phoneAndAddress = new Policy(throttle.freeFailures(), throttle.maxDelay());
        this.phone = new Policy(throttle.accountFreeFailures(), throttle.maxDelay());
        this.address = new Policy(throttle.addressFreeFailures(), throttle.addressMaxDelay());
        this.firstDelay = throttle.firstDelay();
        this.forgetAfter = throttle.forgetAfter();
        this.clock = clock;
    }

    /**
     * Starts a login attempt for {@code phoneNumber} from {@code clientAddress}.
     *
     * @return empty if the attempt may go ahead (it now counts as a failure until {@link #succeeded}), else how
     * long until the next attempt will be allowed
     */
    synchronized Optional<Duration> tryAttempt(String phoneNumber, String clientAddress) {
        Instant now = clock.instant();
        var keys = keys(phoneNumber, clientAddress);
        Duration wait = Duration.ZERO;
        for (var key : keys) {
            Failures seen = current(key.getKey(), now);
            Duration delay = delay(key.getValue(), seen == null ? 0 : seen.count());
            if (seen != null && seen.last().plus(delay).isAfter(now)) {
                Duration left = Duration.between(now, seen.last().plus(delay));
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        if (wait.isPositive()) {
            return Optional.of(wait);
        }
        for (var key : keys) {
            failures.merge(key.getKey(), new Failures(1, now),
                    (old, added) -> new Failures(old.count() + 1, now));
        }
        return Optional.empty();
    }

    /** The attempt was right: the phone starts with a clean slate (from this address and overall). */
    synchronized void succeeded(String phoneNumber, String clientAddress) {
        failures.remove(phoneAndAddressKey(phoneNumber, clientAddress));
        failures.remove(phoneKey(phoneNumber));
        failures.computeIfPresent(addressKey(clientAddress),
                (key, seen) -> seen.count() <= 1 ? null : new Failures(seen.count() - 1, seen.last()));
    }

    /** Forgets keys whose last failure is older than {@code forgetAfter}, so the map does not grow without bound. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    synchronized void sweep() {
        Instant now = clock.instant();
        failures.values().removeIf(seen -> !seen.last().plus(forgetAfter).isAfter(now));
    }

    int trackedKeys() {
        return failures.size();
    }

    /** The wait after {@code count} failures: none within the free ones, then doubling from the first delay. */
    private Duration delay(Policy policy, int count) {
        int beyond = count - policy.freeFailures();
        if (beyond < 0) {
            return Duration.ZERO;
        }
        Duration delay = firstDelay.multipliedBy(1L << Math.min(beyond, 30));
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    private Failures current(String key, Instant now) {
        Failures seen = failures.get(key);
        if (seen != null && !seen.last().plus(forgetAfter).isAfter(now)) {
            failures.remove(key);
            return null;
        }
        return seen;
    }

    private List<Map.Entry<String, Policy>> keys(String phoneNumber, String clientAddress) {
        return List.of(Map.entry(phoneAndAddressKey(phoneNumber, clientAddress), phoneAndAddress),
                Map.entry(phoneKey(phoneNumber), phone), Map.entry(addressKey(clientAddress), address));
    }

    private static String phoneAndAddressKey(String phoneNumber, String clientAddress) {
        return "pa|" + phoneNumber + "|" + clientAddress;
    }

    private static String phoneKey(String phoneNumber) {
        return "p|" + phoneNumber;
    }

    private static String addressKey(String clientAddress) {
        return "a|" + clientAddress;
    }
}

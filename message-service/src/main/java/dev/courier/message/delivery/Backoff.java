package dev.courier.message.delivery;

import dev.courier.message.MessageProperties;

import java.time.Duration;

/**
 * How long a pending delivery waits before it is sent again: {@code initial × 2^attempts}, at most {@code max},
 * where {@code attempts} counts the resends made so far (0 right after the first send).
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    public static Backoff of(MessageProperties.Retry retry) {
        return new Backoff(retry.initialBackoff(), retry.maxBackoff());
    }

    public Duration after(int attempts) {
        if (attempts <= 0) {
            return initial;
        }
        // Doubling past max (or past what a long holds) is just max.
        long ratio = max.toMillis() / Math.max(1, initial.toMillis());
        if (attempts >= 62 || (1L << attempts) > ratio) {
            return max;
        }
        Duration wait = initial.multipliedBy(1L << attempts);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}

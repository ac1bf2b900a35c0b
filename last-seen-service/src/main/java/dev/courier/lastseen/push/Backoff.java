package dev.courier.lastseen.push;

import java.time.Duration;

/** The wait before the next attempt: doubling from {@code initial}, or the push service's {@code Retry-After}. */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param retries    retries so far (0 before the first)
     * @param retryAfter the answer's {@code Retry-After} in seconds, or null (an HTTP date is not honoured: the
     *                   doubling applies)
     */
    static Duration next(Duration initial, Duration max, int retries, String retryAfter) {
        Duration wait = initial.multipliedBy(1L << Math.min(retries, 20));
        if (retryAfter != null && retryAfter.matches("[0-9]{1,6}")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter));
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}

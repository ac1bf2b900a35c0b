package dev.courier.load;

import java.util.function.BooleanSupplier;

/**
 * The wait for stragglers after the last scheduled send: until {@code done}, or {@code --drain} seconds, or by
 * default max(10 s, 2 × the largest p99 seen so far), so a saturated step gives up in proportion to how slow it
 * was rather than after a flat minute.
 */
final class Drain {

    private static final long MIN_NANOS = 10_000_000_000L;

    private Drain() {
    }

    static void await(Options options, BooleanSupplier done, LatencyRecorder... seen) throws InterruptedException {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - start > limitNanos(options.drainSeconds(), seen)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    static long limitNanos(Double drainSeconds, LatencyRecorder... seen) {
        if (drainSeconds != null) {
            return (long) (drainSeconds * 1e9);
        }
        long p99 = 0;
        for (LatencyRecorder recorder : seen) {
            p99 = Math.max(p99, recorder.p99Nanos());
        }
        return Math.max(MIN_NANOS, 2 * p99);
    }
}

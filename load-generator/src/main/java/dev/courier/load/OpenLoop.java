package dev.courier.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Runs {@code count} actions at a fixed rate, each at its scheduled time regardless of how long the previous ones
 * took: latencies are then measured from the scheduled time, so a stalled server cannot hide its stall
 * (no coordinated omission).
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** Calls {@code action} with each action's index-th scheduled time (System.nanoTime()). */
    static void run(int count, int perSecond, LongConsumer action) {
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(due);
        }
    }
}

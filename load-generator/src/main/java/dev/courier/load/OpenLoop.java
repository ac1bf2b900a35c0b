package dev.courier.load;

import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Runs actions as Poisson arrivals at a mean rate: exponential gaps between scheduled times, from a seeded
 * {@link Random} so that a run can be repeated. Each action runs at its scheduled time regardless of how long the
 * previous ones took (a late loop catches up at once), and latencies are measured from the scheduled time, so a
 * stalled server cannot hide its stall (no coordinated omission). Actions must not block: hand slow work to another
 * thread (see {@link SerialSender}). The XMPP driver (module load-xmpp) schedules with it too, so both systems
 * get the same arrivals.
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    /** Calls {@code action} {@code count} times, each with its scheduled time (System.nanoTime()). */
    public static void run(int count, double perSecond, long seed, LongConsumer action) {
        Random random = new Random(seed);
        long start = System.nanoTime();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            offset += gapNanos(random, perSecond);
            long due = start + offset;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(due);
        }
    }

    /** One exponentially distributed gap between arrivals, mean {@code 1 / perSecond} seconds, in nanoseconds. */
    public static long gapNanos(Random random, double perSecond) {
        return Math.round(-Math.log(1 - random.nextDouble()) / perSecond * 1e9);
    }
}

package dev.courier.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A round of work the gateway repeats at a fixed rate, on a daemon thread of its own, from the start of the
 * application context to its stop. A round that throws is logged and the next one still runs: a heartbeat that
 * fails once must not stop the heartbeats.
 */
public abstract class FixedRateTask implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private final Duration initialDelay;
    private final Duration interval;
    private ScheduledExecutorService timer;

    protected FixedRateTask(String threadName, Duration initialDelay, Duration interval) {
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One round. */
    protected abstract void runRound();

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
        timer.scheduleAtFixedRate(this::runRoundSafely, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private void runRoundSafely() {
        try {
            runRound();
        } catch (RuntimeException e) {
            log.warn("A round of {} failed", threadName, e);
        }
    }
}

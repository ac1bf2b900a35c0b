package dev.courier.lastseen.push;

import dev.courier.lastseen.LastSeenProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push work off the message path: {@code senders} threads behind a queue of at most {@code queue-capacity} tasks,
 * and one timer thread for what waits (debounce, backoff). Nothing here ever blocks its caller: a task that finds the
 * queue full is dropped and counted ({@code courier.lastseen.push.dropped{stage=queue}}), so a slow or dead push
 * service costs pushes, never the Kafka listener's time. {@code courier.lastseen.push.queued} is the queue's length,
 * {@code courier.lastseen.push.waiting} the tasks on the timer (also at most {@code queue-capacity}).
 */
@Component
class PushQueue {

    private static final Logger log = LoggerFactory.getLogger(PushQueue.class);

    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService timer;
    private final Counter dropped;
    private final AtomicInteger timed = new AtomicInteger();
    private final int capacity;

    PushQueue(LastSeenProperties properties, MeterRegistry meters) {
        var push = properties.push();
        this.senders = new ThreadPoolExecutor(push.senders(), push.senders(), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(push.queueCapacity()), Thread.ofPlatform().name("push-sender-", 1).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("push-timer").factory());
        this.dropped = dropped(meters, "queue");
        this.capacity = push.queueCapacity();
        Gauge.builder("courier.lastseen.push.waiting", timed, AtomicInteger::get)
                .description("Pushes waiting for their moment (debounce or backoff)")
                .register(meters);
        Gauge.builder("courier.lastseen.push.queued", senders, executor -> executor.getQueue().size())
                .description("Push tasks waiting for a sender thread")
                .register(meters);
    }

    static Counter dropped(MeterRegistry meters, String stage) {
        return Counter.builder("courier.lastseen.push.dropped")
                .description("Pushes given up because their queue was full")
                .tag("stage", stage)
                .register(meters);
    }

    /** Runs the task on a sender thread, or drops it when the queue is full. */
    void submit(Runnable task) {
        try {
            senders.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("push task failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    /**
     * Runs a quick task (one that hands its work to {@link #submit}) on the timer thread after the delay; false when
     * {@code queue-capacity} tasks wait already (then it never runs, and is counted as dropped).
     */
    boolean after(Duration delay, Runnable quickTask) {
        if (timed.incrementAndGet() > capacity) {
            timed.decrementAndGet();
            dropped.increment();
            return false;
        }
        try {
            timer.schedule(() -> {
                timed.decrementAndGet();
                quickTask.run();
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            timed.decrementAndGet(); // shutting down
            return false;
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        senders.shutdownNow();
    }
}

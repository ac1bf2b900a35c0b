package dev.courier.message.delivery;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.MessageProperties;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.timeline.DeliveryAttempts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The retry timer: resends each due pending delivery to every ready device of its recipient, in conversation and
 * {@code seq} order, until the recipient acknowledges it. Recipients with no device online are skipped; they get the
 * flush when they connect. A delivery is due when its backoff has passed and, beyond that, when it has waited longer
 * than {@value #LATENCIES} times the slowest recent acknowledgement ({@link AckLatency}): a cold or overloaded
 * system is not resent to faster than its acknowledgements come back. The rows are locked ({@code skip locked}:
 * instances share the work) while the resends are decided and the next attempt set; the resends go out once that
 * committed (a crash in between only delays them to the next attempt).
 */
@Component
class RetryJob {

    private static final Logger log = LoggerFactory.getLogger(RetryJob.class);
    /** How many of the slowest recent acknowledgement times a delivery waits, at least, before a resend. */
    static final int LATENCIES = 3;

    private final Deliveries deliveries;
    private final DeviceSessions sessions;
    private final FrameRouter router;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final DeliveryAttempts attempts;
    private final AckLatency ackLatency;
    private final Counter retries;

    RetryJob(Deliveries deliveries, DeviceSessions sessions, FrameRouter router, TransactionTemplate transaction,
             DeliveryAttempts attempts, AckLatency ackLatency, MessageProperties properties, Clock clock,
             MeterRegistry meters) {
        this.attempts = attempts;
        this.deliveries = deliveries;
        this.sessions = sessions;
        this.router = router;
        this.transaction = transaction;
        this.ackLatency = ackLatency;
        this.batchSize = properties.retry().batchSize();
        this.initialBackoff = properties.retry().initialBackoff();
        this.maxBackoff = properties.retry().maxBackoff();
        this.clock = clock;
        this.retries = Counter.builder("courier.delivery.retries")
                .description("Pending deliveries sent again by the retry timer")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${courier.message.retry.scan-interval:1s}")
    void run() {
        FrameRouter.Batch resends = router.batch();
        Integer resent = transaction.execute(status -> resendDue(resends));
        resends.await();
        if (resent != null && resent > 0) {
            log.info("retry timer resent {} pending deliveries", resent);
        }
    }

    /**
     * How much longer than its backoff a delivery waits now: {@value #LATENCIES} recent acknowledgements, less the
     * first backoff, and never more than the longest backoff (one slow spell, a crash's backlog say, must not stop
     * retries for good: a client that never acknowledges is still resent to, at most that much later).
     */
    Duration holdBeyondBackoff() {
        Duration hold = ackLatency.current().multipliedBy(LATENCIES).minus(initialBackoff);
        if (hold.isNegative()) {
            return Duration.ZERO;
        }
        return hold.compareTo(maxBackoff) > 0 ? maxBackoff : hold;
    }

    /** Decides the resends due now into {@code resends}; runs in the caller's transaction. Returns how many. */
    int resendDue(FrameRouter.Batch resends) {
        Instant now = clock.instant();
        List<Deliveries.Pending> due = deliveries.dueWithOnlineRecipient(batchSize, now, holdBeyondBackoff());
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<DeviceSession>> devices =
                sessions.readyOf(due.stream().map(Deliveries.Pending::recipientId).distinct().toList());
        DeliveryAttempts.Recorder recorded = attempts.recorder(DeliveryAttempts.Cause.RETRY, now);
        for (Deliveries.Pending pending : due) {
            for (DeviceSession device : devices.getOrDefault(pending.recipientId(), List.of())) {
                resends.route(device, pending.message().toFrame());
                recorded.attempted(pending.message().id(), device);
            }
            log.debug("resending message {} to user {} (attempt {})", pending.message().clientId(),
                    pending.recipientId(), pending.attempts() + 1);
        }
        deliveries.attempted(due, now);
        recorded.save();
        retries.increment(due.size());
        return due.size();
    }
}

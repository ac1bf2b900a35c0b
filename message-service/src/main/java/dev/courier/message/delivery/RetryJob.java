package dev.courier.message.delivery;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.MessageProperties;
import dev.courier.message.routing.DeviceSessions;
import dev.courier.message.routing.FrameRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.courier.message.timeline.DeliveryAttempts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The retry timer: resends each due pending delivery to every online device of its recipient, in conversation and
 * {@code seq} order, until the recipient acknowledges it. Recipients with no device online are skipped; they get
 * the flush when they connect. The rows stay locked until the resends are awaited and the next attempt is set.
 */
@Component
class RetryJob {

    private static final Logger log = LoggerFactory.getLogger(RetryJob.class);

    private final Deliveries deliveries;
    private final DeviceSessions sessions;
    private final FrameRouter router;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Clock clock;
    private final DeliveryAttempts attempts;
    private final Counter retries;

    RetryJob(Deliveries deliveries, DeviceSessions sessions, FrameRouter router, TransactionTemplate transaction,
             DeliveryAttempts attempts, MessageProperties properties, Clock clock, MeterRegistry meters) {
        this.attempts = attempts;
        this.deliveries = deliveries;
        this.sessions = sessions;
        this.router = router;
        this.transaction = transaction;
        this.batchSize = properties.retry().batchSize();
        this.clock = clock;
        this.retries = Counter.builder("courier.delivery.retries")
                .description("Pending deliveries sent again by the retry timer")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${courier.message.retry.scan-interval:1s}")
    void run() {
        Integer resent = transaction.execute(status -> resendDue());
        if (resent != null && resent > 0) {
            log.info("retry timer resent {} pending deliveries", resent);
        }
    }

    int resendDue() {
        Instant now = clock.instant();
        List<Deliveries.Pending> due = deliveries.dueWithOnlineRecipient(batchSize, now);
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<DeviceSession>> devices =
                sessions.readyOf(due.stream().map(Deliveries.Pending::recipientId).distinct().toList());
        FrameRouter.Batch batch = router.batch();
        DeliveryAttempts.Recorder resends = attempts.recorder(DeliveryAttempts.Cause.RETRY, now);
        for (Deliveries.Pending pending : due) {
            for (DeviceSession device : devices.getOrDefault(pending.recipientId(), List.of())) {
                batch.route(device, pending.message().toFrame());
                resends.attempted(pending.message().id(), device);
            }
            log.debug("resending message {} to user {} (attempt {})", pending.message().clientId(),
                    pending.recipientId(), pending.attempts() + 1);
        }
        batch.await();
        deliveries.attempted(due, clock.instant());
        resends.save();
        retries.increment(due.size());
        return due.size();
    }
}

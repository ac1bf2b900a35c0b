package dev.courier.message.delivery;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.MessageProperties;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.store.StoredMessage;
import dev.courier.message.timeline.DeliveryAttempts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The flush on connect: every message still pending for a user, in conversation and {@code seq} order, to the
 * socket that just opened. Reads committed rows only, and never a message past its time to live, so a message
 * the expiry job is destroying is not sent again.
 */
@Component
public class PendingMessages {

    private static final Logger log = LoggerFactory.getLogger(PendingMessages.class);

    private final Deliveries deliveries;
    private final FrameRouter router;
    private final int pageSize;
    private final DeliveryAttempts attempts;
    private final Clock clock;

    PendingMessages(Deliveries deliveries, FrameRouter router, DeliveryAttempts attempts, MessageProperties properties,
                    Clock clock) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.router = router;
        this.pageSize = properties.retry().batchSize();
        this.clock = clock;
    }

    /**
     * Routes the pending messages of {@code session}'s user to it a page at a time; each page is awaited, then its
     * retry clock pushed back so the retry timer does not resend it at once. Returns how many were sent.
     */
    public int flush(DeviceSession session) {
        return flush(session, false, null);
    }

    /**
     * After the flush, under the user's push lock: the messages stored while the flush ran that it did not reach
     * (their push skipped this not-yet-ready session). Only deliveries never sent, so what the flush sent is not
     * repeated. The frames are handed to the producer here, under the lock, so that no push sent after the lock is
     * released overtakes them; {@code batch} is awaited by the caller once its transaction committed.
     */
    public int catchUp(DeviceSession session, FrameRouter.Batch batch) {
        return flush(session, true, batch);
    }

    private int flush(DeviceSession session, boolean neverSentOnly, FrameRouter.Batch underLock) {
        String afterConversation = "";
        long afterSeq = 0;
        int total = 0;
        List<Deliveries.Pending> page;
        do {
            page = deliveries.pendingFor(session.userId(), afterConversation, afterSeq, pageSize, clock.instant(),
                    neverSentOnly);
            if (page.isEmpty()) {
                break;
            }
            FrameRouter.Batch batch = underLock != null ? underLock : router.batch();
            page.forEach(pending -> batch.route(session, pending.message().toFrame()));
            if (underLock != null) {
                batch.send();
            } else {
                batch.await();
            }
            Instant now = clock.instant();
            deliveries.attempted(page, now);
            DeliveryAttempts.Recorder flushed = attempts.recorder(DeliveryAttempts.Cause.FLUSH, now);
            page.forEach(pending -> flushed.attempted(pending.message().id(), session));
            flushed.save();
            for (Deliveries.Pending pending : page) {
                StoredMessage message = pending.message();
                log.debug("flushed message {} seq {} in {} to user {} session {}", message.clientId(), message.seq(),
                        message.conversationId(), session.userId(), session.sessionId());
            }
            total += page.size();
            StoredMessage last = page.getLast().message();
            afterConversation = last.conversationId();
            afterSeq = last.seq();
        } while (page.size() == pageSize);
        return total;
    }
}

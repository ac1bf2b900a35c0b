package dev.courier.lastseen.blocking;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.UserBlocked;
import dev.courier.contracts.events.UserUnblocked;
import dev.courier.support.kafka.EventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Blocks and unblocks: the row changes and the event on {@code courier.blocks} (key = the blocker) is published and
 * awaited inside the same transaction, so a change the broker did not take is rolled back (the caller gets an
 * error and tries again). Both are idempotent and always publish: repeating a call repairs a copy that missed it.
 */
@Service
class Blocking {

    private final BlockList list;
    private final EventPublisher publisher;
    private final Clock clock;

    Blocking(BlockList list, EventPublisher publisher, Clock clock) {
        this.list = list;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional
    void block(String blockerId, String blockedId) {
        Instant now = clock.instant();
        list.add(blockerId, blockedId, now);
        publish(blockerId, new UserBlocked(UUID.randomUUID(), now, blockerId, blockedId));
    }

    @Transactional
    void unblock(String blockerId, String blockedId) {
        list.remove(blockerId, blockedId);
        publish(blockerId, new UserUnblocked(UUID.randomUUID(), clock.instant(), blockerId, blockedId));
    }

    private void publish(String blockerId, CourierEvent event) {
        EventPublisher.Batch batch = publisher.batch();
        batch.send(new EventPublisher.Outgoing(Topics.BLOCKS, blockerId, event));
        batch.await();
    }
}

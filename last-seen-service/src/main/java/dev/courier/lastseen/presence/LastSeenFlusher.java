package dev.courier.lastseen.presence;

import dev.courier.lastseen.LastSeenProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Coalesces last-seen writes: every {@code courier.lastseen.write-interval} it writes each user whose last seen
 * moved since the previous run, once, however many activities moved it. So a user costs at most one write per
 * interval, plus the immediate write when it goes offline. It also writes everything before the service stops and
 * before a partition moves to another instance, and drops idle users from memory.
 */
@Component
public class LastSeenFlusher {

    private static final Logger log = LoggerFactory.getLogger(LastSeenFlusher.class);

    private final PresenceTracker tracker;
    private final Ownership ownership;
    private final Clock clock;
    private final Duration idleEviction;

    LastSeenFlusher(PresenceTracker tracker, Ownership ownership, Clock clock, LastSeenProperties properties) {
        this.tracker = tracker;
        this.ownership = ownership;
        this.clock = clock;
        this.idleEviction = properties.idleEviction();
    }

    @Scheduled(fixedDelayString = "${courier.lastseen.write-interval:10s}",
            initialDelayString = "${courier.lastseen.write-interval:10s}")
    void flush() {
        tracker.flushDirty();
        tracker.evict(clock.instant().minus(idleEviction), Set.of());
    }

    /** Partitions went to another instance: write their users and forget them (the new owner reloads them). */
    public void release(Collection<TopicPartition> revoked) {
        Set<Integer> partitions = ownership.revoked(revoked);
        if (!partitions.isEmpty()) {
            tracker.flushDirty();
            tracker.evict(clock.instant(), partitions);
            log.info("released the users of partitions {}", partitions);
        }
    }

    @PreDestroy
    void flushBeforeStopping() {
        tracker.flushDirty();
        log.info("wrote last seen before stopping");
    }
}

package dev.courier.session.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.session.SessionProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * In memory, whether a session is known closed: every command asks, so it must not cost a database round trip.
 * A session only ever goes from "not known closed" to closed, and this service's own writes close it (its
 * {@code SessionClosed}, an opened-but-dead session, a gateway's restart or silence): they mark it here as soon as
 * they are committed, and a miss reads {@code device_session}. So for one instance the answer is exact; with
 * several, each learns of the closes another instance wrote when its entry expires ({@code state-cache-ttl}).
 * Bounded ({@code lookup-cache-size} sessions): an evicted session is read again.
 */
@Component
class ClosedSessions {

    private final Cache<String, Boolean> closed;

    ClosedSessions(SessionProperties properties) {
        this.closed = Caffeine.newBuilder()
                .expireAfterWrite(properties.stateCacheTtl())
                .maximumSize(properties.lookupCacheSize())
                .build();
    }

    /**
     * Whether the session is known closed; {@code read} asks the database on a miss. A close marked while the
     * database is read waits for the read and wins (Caffeine computes per key atomically).
     */
    boolean isClosed(String sessionId, Predicate<String> read) {
        return closed.get(sessionId, read::test);
    }

    /** These sessions were closed in the current transaction (if any): remembered once it commits. */
    void markClosed(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sessionIds.forEach(id -> closed.put(id, Boolean.TRUE));
                }
            });
        } else {
            sessionIds.forEach(id -> closed.put(id, Boolean.TRUE));
        }
    }
}

package dev.courier.session.accounts;

import dev.courier.session.SessionProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which accounts are deactivated, as auth-service announced on {@code courier.accounts}. A deactivated user's
 * commands are refused, and nobody can send to it. Every command asks, so the answer comes from memory: the whole
 * (small) set of deactivated users, read from {@code deactivated_user} on first use and again every
 * {@code state-cache-ttl} (how late this instance sees another instance's writes); this service's own deactivations
 * are added as soon as they are committed, so for one instance the answer is exact.
 */
@Service
public class Accounts {

    private final DeactivatedUserRepository deactivated;
    private final UserDirectory directory;
    private final Duration ttl;
    private final Clock clock;
    private final Object lock = new Object();
    /** Read from the database at {@code loadedAt}, plus the deactivations committed here since; null before use. */
    private volatile Set<String> deactivatedIds;
    private volatile Instant loadedAt = Instant.MIN;

    Accounts(DeactivatedUserRepository deactivated, UserDirectory directory, SessionProperties properties,
             Clock clock) {
        this.deactivated = deactivated;
        this.directory = directory;
        this.ttl = properties.stateCacheTtl();
        this.clock = clock;
    }

    public boolean isDeactivated(String userId) {
        Set<String> ids = deactivatedIds;
        if (ids == null || clock.instant().isAfter(loadedAt.plus(ttl))) {
            ids = reload();
        }
        return ids.contains(userId);
    }

    /** Records the deactivation and forgets any cached lookup of the user. */
    @Transactional
    public void deactivated(String userId, Instant at) {
        deactivated.record(userId, at);
        directory.evict(userId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember(userId);
            }
        });
    }

    /**
     * Reads the set again. Under the lock, so a deactivation committed meanwhile is either in what is read or
     * added after it ({@link #remember}).
     */
    private Set<String> reload() {
        synchronized (lock) {
            Instant now = clock.instant();
            if (deactivatedIds == null || now.isAfter(loadedAt.plus(ttl))) {
                Set<String> ids = ConcurrentHashMap.newKeySet();
                ids.addAll(deactivated.findAllUserIds());
                deactivatedIds = ids;
                loadedAt = now;
            }
            return deactivatedIds;
        }
    }

    private void remember(String userId) {
        synchronized (lock) {
            if (deactivatedIds != null) {
                deactivatedIds.add(userId);
            }
        }
    }
}

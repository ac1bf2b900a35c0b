package dev.courier.session.blocking;

import dev.courier.session.SessionProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * Who blocks whom, as last-seen-service announced on {@code courier.blocks}: this service's copy in
 * {@code blocked_user}. Every direct send and typing notice asks, so the answer comes from memory, as for
 * deactivated users ({@code accounts.Accounts}): the whole (small: a user blocks a few others) set of pairs, read on
 * first use and again every {@code state-cache-ttl} (how late this instance sees another instance's writes); this
 * instance's own changes apply as soon as they are committed, so for one instance the answer is exact.
 */
@Service
public class Blocks {

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final Clock clock;
    private final Object lock = new Object();
    /** {@code blocker + '\n' + blocked}, as read at {@code loadedAt} plus the changes committed here since. */
    private volatile Set<String> pairs;
    private volatile Instant loadedAt = Instant.MIN;

    Blocks(JdbcClient jdbc, SessionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = properties.stateCacheTtl();
        this.clock = clock;
    }

    /** Whether {@code blockerId} blocks {@code blockedId}. */
    public boolean blocks(String blockerId, String blockedId) {
        Set<String> known = pairs;
        if (known == null || clock.instant().isAfter(loadedAt.plus(ttl))) {
            known = reload();
        }
        return known.contains(key(blockerId, blockedId));
    }

    /** Idempotent: a replayed block changes nothing. */
    @Transactional
    public void blocked(String blockerId, String blockedId) {
        jdbc.sql("insert into blocked_user (blocker_id, blocked_id) values (:blocker, :blocked) on conflict do nothing")
                .param("blocker", blockerId).param("blocked", blockedId).update();
        afterCommit(() -> pairs(set -> set.add(key(blockerId, blockedId))));
    }

    /** Idempotent: unblocking a pair that is not blocked changes nothing. */
    @Transactional
    public void unblocked(String blockerId, String blockedId) {
        jdbc.sql("delete from blocked_user where blocker_id = :blocker and blocked_id = :blocked")
                .param("blocker", blockerId).param("blocked", blockedId).update();
        afterCommit(() -> pairs(set -> set.remove(key(blockerId, blockedId))));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** Under the lock, so a change committed meanwhile is either in what is read or applied after it. */
    private Set<String> reload() {
        synchronized (lock) {
            Instant now = clock.instant();
            if (pairs == null || now.isAfter(loadedAt.plus(ttl))) {
                Set<String> read = ConcurrentHashMap.newKeySet();
                jdbc.sql("select blocker_id, blocked_id from blocked_user")
                        .query((rs, n) -> read.add(key(rs.getString(1), rs.getString(2))))
                        .list();
                pairs = read;
                loadedAt = now;
            }
            return pairs;
        }
    }

    private void pairs(java.util.function.Consumer<Set<String>> change) {
        synchronized (lock) {
            if (pairs != null) {
                change.accept(pairs);
            }
        }
    }

    private static String key(String blockerId, String blockedId) {
        return blockerId + '\n' + blockedId;
    }
}

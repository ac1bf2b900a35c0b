package dev.courier.lastseen.blocking;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code blocked_user (blocker_id, blocked_id, blocked_at)}: who blocks whom. The one copy that counts; session-service
 * keeps its own, fed by {@code courier.blocks}. Read by the privacy rules: a blocked user sees nothing of its
 * blocker's presence, last seen, photo or about.
 */
@Repository
public class BlockList {

    private final JdbcClient jdbc;

    BlockList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String blockerId, String blockedId, Instant at) {
        jdbc.sql("""
                        insert into blocked_user (blocker_id, blocked_id, blocked_at) values (:blocker, :blocked, :at)
                        on conflict do nothing""")
                .param("blocker", blockerId)
                .param("blocked", blockedId)
                .param("at", Timestamp.from(at))
                .update();
    }

    void remove(String blockerId, String blockedId) {
        jdbc.sql("delete from blocked_user where blocker_id = :blocker and blocked_id = :blocked")
                .param("blocker", blockerId)
                .param("blocked", blockedId)
                .update();
    }

    /** The users {@code blockerId} blocks, oldest block first. */
    List<String> blockedBy(String blockerId) {
        return jdbc.sql("select blocked_id from blocked_user where blocker_id = :blocker order by blocked_at, blocked_id")
                .param("blocker", blockerId)
                .query(String.class)
                .list();
    }

    /** Whether {@code blockerId} blocks {@code blockedId}. */
    public boolean blocks(String blockerId, String blockedId) {
        return !blockedAmong(blockerId, List.of(blockedId)).isEmpty();
    }

    /** Which of {@code others} {@code blockerId} blocks (one statement). */
    public Set<String> blockedAmong(String blockerId, Collection<String> others) {
        if (others.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        select blocked_id from blocked_user where blocker_id = :blocker and blocked_id in (:others)""")
                .param("blocker", blockerId)
                .param("others", others)
                .query(String.class)
                .list());
    }
}

package dev.courier.message.routing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.store.MessageRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * message-service's own copy of the live device sessions ({@code device_session}), fed by {@code SessionOpened}
 * and {@code SessionClosed}. It answers "which sockets does this user have now" for routing; it never reads
 * session-service's tables.
 */
@Repository
public class DeviceSessions {

    /** First key of the two-key advisory locks of {@link #lockUsers}: keeps them apart from any other lock use. */
    private static final int PUSH_LOCK_NAMESPACE = 0x50555348;

    private final JdbcClient jdbc;

    DeviceSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an opened session; true when it was new (a replayed event changes nothing). */
    public boolean open(DeviceSession session, Instant openedAt) {
        return jdbc.sql("""
                        insert into device_session (session_id, user_id, device_id, gateway_id, opened_at)
                        values (:sessionId, :userId, :deviceId, :gatewayId, :openedAt)
                        on conflict (session_id) do nothing""")
                .param("sessionId", session.sessionId())
                .param("userId", session.userId())
                .param("deviceId", session.deviceId())
                .param("gatewayId", session.gatewayId())
                .param("openedAt", MessageRows.timestamp(openedAt))
                .update() == 1;
    }

    /**
     * Serialises, per user, the push of a new message with a device of that user becoming ready (see
     * SessionsListener): a transaction-scoped advisory lock per user, taken in user order so two pushes never wait
     * on each other crosswise. Either the push comes first (the device is not ready, and the catch-up that follows
     * sends the message in seq order) or the device is ready first (the catch-up is done, and the push comes after
     * every older message). Call inside a transaction.
     */
    public void lockUsers(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        select count(pg_advisory_xact_lock(:namespace, hashtext(u)))
                        from (select unnest(:userIds::text[]) as u order by u) users""")
                .param("namespace", PUSH_LOCK_NAMESPACE)
                .param("userIds", new java.util.TreeSet<>(userIds).toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    /** The flush on connect has gone to this session: from now on new messages are pushed to it. */
    public void markReady(String sessionId, Instant at) {
        jdbc.sql("update device_session set ready_at = :at where session_id = :sessionId and ready_at is null")
                .param("sessionId", sessionId)
                .param("at", MessageRows.timestamp(at))
                .update();
    }

    public boolean close(String sessionId) {
        return jdbc.sql("delete from device_session where session_id = :sessionId")
                .param("sessionId", sessionId)
                .update() == 1;
    }

    public List<DeviceSession> of(String userId) {
        return jdbc.sql("""
                        select user_id, device_id, session_id, gateway_id from device_session
                        where user_id = :userId order by session_id""")
                .param("userId", userId)
                .query(DeviceSessions::row)
                .list();
    }

    /** The online devices of each of these users; users without one are absent from the map. */
    public Map<String, List<DeviceSession>> of(Collection<String> userIds) {
        return select(userIds, false);
    }

    /**
     * The online devices of each of these users that got their flush on connect: those a new message (or a resend)
     * may go to without overtaking older ones still on their way in the flush.
     */
    public Map<String, List<DeviceSession>> readyOf(Collection<String> userIds) {
        return select(userIds, true);
    }

    private Map<String, List<DeviceSession>> select(Collection<String> userIds, boolean readyOnly) {
        Map<String, List<DeviceSession>> byUser = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return byUser;
        }
        jdbc.sql("""
                        select user_id, device_id, session_id, gateway_id from device_session
                        where user_id = any(:userIds) and (:readyOnly = false or ready_at is not null)
                        order by user_id, session_id""")
                .param("readyOnly", readyOnly)
                .param("userIds", userIds.toArray(String[]::new))
                .query(DeviceSessions::row)
                .list()
                .forEach(session -> byUser.computeIfAbsent(session.userId(), u -> new java.util.ArrayList<>())
                        .add(session));
        return byUser;
    }

    private static DeviceSession row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DeviceSession(rs.getString("user_id"), rs.getString("device_id"), rs.getString("session_id"),
                rs.getString("gateway_id"));
    }
}

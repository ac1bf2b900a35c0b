package dev.courier.lastseen.presence;

import dev.courier.contracts.events.DeviceSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable side of presence: {@code last_seen} (written coalesced, only forward) and {@code presence_session}
 * (written on every change). {@code courier.lastseen.db.writes{table}} counts the rows written.
 */
@Repository
class PresenceStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter lastSeenWrites;
    private final Counter sessionWrites;

    PresenceStore(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lastSeenWrites = writes(meters, "last_seen");
        this.sessionWrites = writes(meters, "presence_session");
    }

    private static Counter writes(MeterRegistry meters, String table) {
        return Counter.builder("courier.lastseen.db.writes")
                .description("Rows written to the database (last_seen is coalesced per user)")
                .tag("table", table)
                .register(meters);
    }

    /** What the database knows of a user: its last seen and its open sessions. */
    UserPresence load(String userId) {
        Instant lastSeen = jdbc.sql("select last_seen_at from last_seen where user_id = :userId")
                .param("userId", userId)
                .query((rs, row) -> instant(rs, "last_seen_at"))
                .optional()
                .orElse(null);
        List<UserPresence.Device> devices = jdbc.sql("""
                        select session_id, device_id, gateway_id, foreground, opened_at from presence_session
                        where user_id = :userId order by opened_at, session_id""")
                .param("userId", userId)
                .query((rs, row) -> new UserPresence.Device(rs.getString("session_id"), rs.getString("device_id"),
                        rs.getString("gateway_id"), rs.getBoolean("foreground"), instant(rs, "opened_at")))
                .list();
        return UserPresence.restored(userId, lastSeen, devices);
    }

    /** Writes last seen (never backwards) of each user. */
    void writeLastSeen(Map<String, Instant> lastSeenByUser) {
        if (lastSeenByUser.isEmpty()) {
            return;
        }
        OffsetDateTime now = timestamp(clock.instant());
        lastSeenByUser.forEach((userId, lastSeen) -> jdbc.sql("""
                        insert into last_seen (user_id, last_seen_at, updated_at) values (:userId, :lastSeen, :now)
                        on conflict (user_id) do update
                        set last_seen_at = greatest(last_seen.last_seen_at, excluded.last_seen_at),
                            updated_at = excluded.updated_at,
                            write_count = last_seen.write_count + 1""")
                .param("userId", userId)
                .param("lastSeen", timestamp(lastSeen))
                .param("now", now)
                .update());
        lastSeenWrites.increment(lastSeenByUser.size());
    }

    void saveSession(String userId, UserPresence.Device device) {
        jdbc.sql("""
                        insert into presence_session (session_id, user_id, device_id, gateway_id, foreground, opened_at)
                        values (:sessionId, :userId, :deviceId, :gatewayId, :foreground, :openedAt)
                        on conflict (session_id) do update set foreground = excluded.foreground""")
                .param("sessionId", device.sessionId())
                .param("userId", userId)
                .param("deviceId", device.deviceId())
                .param("gatewayId", device.gatewayId())
                .param("foreground", device.foreground())
                .param("openedAt", timestamp(device.openedAt()))
                .update();
        sessionWrites.increment();
    }

    void deleteSession(String sessionId) {
        if (jdbc.sql("delete from presence_session where session_id = :sessionId")
                .param("sessionId", sessionId)
                .update() > 0) {
            sessionWrites.increment();
        }
    }

    /** The connected devices (foreground or not) of each of these users; users without one are absent. */
    Map<String, List<DeviceSession>> devicesOf(Collection<String> userIds) {
        Map<String, List<DeviceSession>> byUser = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return byUser;
        }
        jdbc.sql("""
                        select user_id, device_id, session_id, gateway_id from presence_session
                        where user_id in (:userIds) order by user_id, session_id""")
                .param("userIds", userIds)
                .query((rs, row) -> new DeviceSession(rs.getString("user_id"), rs.getString("device_id"),
                        rs.getString("session_id"), rs.getString("gateway_id")))
                .list()
                .forEach(session -> byUser.computeIfAbsent(session.userId(), u -> new ArrayList<>()).add(session));
        return byUser;
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}

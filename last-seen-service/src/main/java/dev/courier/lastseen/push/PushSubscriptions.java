package dev.courier.lastseen.push;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code push_subscription}: one row per device, the endpoint unique (the last device to name it keeps it). */
@Repository
class PushSubscriptions {

    private final JdbcClient jdbc;

    PushSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the device's subscription, and takes the endpoint from any other device that had it. */
    @Transactional
    void put(PushSubscription subscription, Instant at) {
        jdbc.sql("delete from push_subscription where endpoint = :endpoint")
                .param("endpoint", subscription.endpoint().toString())
                .update();
        jdbc.sql("""
                        insert into push_subscription (user_id, device_id, endpoint, p256dh, auth, preview, created_at)
                        values (:userId, :deviceId, :endpoint, :p256dh, :auth, :preview, :at)
                        on conflict (user_id, device_id) do update set endpoint = excluded.endpoint,
                            p256dh = excluded.p256dh, auth = excluded.auth, preview = excluded.preview,
                            created_at = excluded.created_at""")
                .param("userId", subscription.userId())
                .param("deviceId", subscription.deviceId())
                .param("endpoint", subscription.endpoint().toString())
                .param("p256dh", subscription.p256dh())
                .param("auth", subscription.auth())
                .param("preview", subscription.preview())
                .param("at", Timestamp.from(at))
                .update();
    }

    void delete(String userId, String deviceId) {
        jdbc.sql("delete from push_subscription where user_id = :userId and device_id = :deviceId")
                .param("userId", userId)
                .param("deviceId", deviceId)
                .update();
    }

    void deleteAll(String userId) {
        jdbc.sql("delete from push_subscription where user_id = :userId")
                .param("userId", userId)
                .update();
    }

    /** Removes it unless the device has subscribed again meanwhile (with another endpoint). */
    boolean deleteIfCurrent(PushSubscription subscription) {
        return jdbc.sql("""
                        delete from push_subscription
                        where user_id = :userId and device_id = :deviceId and endpoint = :endpoint""")
                .param("userId", subscription.userId())
                .param("deviceId", subscription.deviceId())
                .param("endpoint", subscription.endpoint().toString())
                .update() > 0;
    }

    /** Which of these users have at least one subscription: the one statement a poll of messages costs. */
    Set<String> subscribedAmong(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select distinct user_id from push_subscription where user_id in (:userIds)")
                .param("userIds", userIds)
                .query(String.class)
                .list());
    }

    List<PushSubscription> of(String userId) {
        return jdbc.sql("""
                        select user_id, device_id, endpoint, p256dh, auth, preview from push_subscription
                        where user_id = :userId order by device_id""")
                .param("userId", userId)
                .query((rs, row) -> subscription(rs))
                .list();
    }

    private static PushSubscription subscription(ResultSet rs) throws SQLException {
        return new PushSubscription(rs.getString("user_id"), rs.getString("device_id"),
                URI.create(rs.getString("endpoint")), rs.getBytes("p256dh"), rs.getBytes("auth"),
                rs.getBoolean("preview"));
    }
}

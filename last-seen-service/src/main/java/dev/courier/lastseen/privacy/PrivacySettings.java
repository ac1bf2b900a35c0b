package dev.courier.lastseen.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@code privacy}: each user's last-seen visibility; no row means {@code everyone}. */
@Repository
class PrivacySettings {

    private final JdbcClient jdbc;

    PrivacySettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void set(String userId, LastSeenVisibility visibility) {
        jdbc.sql("""
                        insert into privacy (user_id, last_seen_visibility) values (:userId, :visibility)
                        on conflict (user_id) do update set last_seen_visibility = excluded.last_seen_visibility""")
                .param("userId", userId)
                .param("visibility", visibility.wire())
                .update();
    }

    LastSeenVisibility of(String userId) {
        return of(java.util.List.of(userId)).get(userId);
    }

    /** The setting of each user (every one of them is in the map). */
    Map<String, LastSeenVisibility> of(Collection<String> userIds) {
        Map<String, LastSeenVisibility> settings = new HashMap<>();
        userIds.forEach(userId -> settings.put(userId, LastSeenVisibility.EVERYONE));
        if (!userIds.isEmpty()) {
            jdbc.sql("select user_id, last_seen_visibility from privacy where user_id in (:userIds)")
                    .param("userIds", userIds)
                    .query((rs, row) -> Map.entry(rs.getString("user_id"),
                            LastSeenVisibility.parse(rs.getString("last_seen_visibility"))))
                    .list()
                    .forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
        }
        return settings;
    }
}

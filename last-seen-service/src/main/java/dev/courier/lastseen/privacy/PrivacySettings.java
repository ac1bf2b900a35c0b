package dev.courier.lastseen.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code privacy}: each user's visibility of last seen, profile photo and about; no row means {@code everyone} for
 * all three.
 */
@Repository
class PrivacySettings {

    /** A user's three settings. */
    record Settings(LastSeenVisibility lastSeen, LastSeenVisibility profilePhoto, LastSeenVisibility about) {

        static final Settings DEFAULT = new Settings(LastSeenVisibility.EVERYONE, LastSeenVisibility.EVERYONE,
                LastSeenVisibility.EVERYONE);
    }

    private final JdbcClient jdbc;

    PrivacySettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the settings given; a null one stays as it is (or {@code everyone} for a user without a row). */
    void update(String userId, LastSeenVisibility lastSeen, LastSeenVisibility profilePhoto,
                LastSeenVisibility about) {
        jdbc.sql("""
                        insert into privacy (user_id, last_seen_visibility, profile_photo_visibility, about_visibility)
                        values (:userId, coalesce(:lastSeen, 'everyone'), coalesce(:photo, 'everyone'),
                                coalesce(:about, 'everyone'))
                        on conflict (user_id) do update set
                            last_seen_visibility = coalesce(:lastSeen, privacy.last_seen_visibility),
                            profile_photo_visibility = coalesce(:photo, privacy.profile_photo_visibility),
                            about_visibility = coalesce(:about, privacy.about_visibility)""")
                .param("userId", userId)
                .param("lastSeen", wire(lastSeen), Types.VARCHAR)
                .param("photo", wire(profilePhoto), Types.VARCHAR)
                .param("about", wire(about), Types.VARCHAR)
                .update();
    }

    Settings all(String userId) {
        return jdbc.sql("""
                        select last_seen_visibility, profile_photo_visibility, about_visibility from privacy
                        where user_id = :userId""")
                .param("userId", userId)
                .query((rs, row) -> new Settings(LastSeenVisibility.parse(rs.getString(1)),
                        LastSeenVisibility.parse(rs.getString(2)), LastSeenVisibility.parse(rs.getString(3))))
                .optional()
                .orElse(Settings.DEFAULT);
    }

    LastSeenVisibility of(String userId) {
        return of(List.of(userId)).get(userId);
    }

    /** The last-seen setting of each user (every one of them is in the map). */
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

    private static String wire(LastSeenVisibility visibility) {
        return visibility == null ? null : visibility.wire();
    }
}

package dev.courier.media.library;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code profile_photo}: each user's current profile photo, as the latest {@code ProfileChanged} said. A change
 * older than the one recorded (a replay) is ignored.
 */
@Repository
class ProfilePhotos {

    private final JdbcTemplate jdbc;

    ProfilePhotos(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the owner's photo (null: none) as of {@code at}, in the caller's transaction.
     *
     * @return the photo it replaced, if it was another one and the change was not older than the one recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<UUID> change(String ownerId, UUID mediaId, Instant at) {
        List<UUID> previous = jdbc.query("select media_id from profile_photo where owner_id = ? for update",
                (rs, i) -> rs.getObject("media_id", UUID.class), ownerId);
        int updated = jdbc.update("""
                        insert into profile_photo (owner_id, media_id, changed_at) values (?, ?, ?)
                        on conflict (owner_id) do update set media_id = excluded.media_id,
                            changed_at = excluded.changed_at
                        where profile_photo.changed_at <= excluded.changed_at""",
                ownerId, mediaId, Timestamp.from(at));
        if (updated == 0 || previous.isEmpty() || previous.getFirst() == null
                || previous.getFirst().equals(mediaId)) {
            return Optional.empty();
        }
        return Optional.of(previous.getFirst());
    }

    /** Whose current profile photo the media is, if anyone's. */
    Optional<String> ownerOf(UUID mediaId) {
        return jdbc.query("select owner_id from profile_photo where media_id = ? limit 1",
                (rs, i) -> rs.getString("owner_id"), mediaId).stream().findFirst();
    }
}

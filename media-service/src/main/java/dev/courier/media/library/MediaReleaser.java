package dev.courier.media.library;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes a media no message refers to any more ({@code MediaReleased}): its grants and its row in one transaction,
 * then its blobs (original and thumbnail) that no other row uses ({@link UnusedBlobs}). A media that is someone's
 * current profile photo is kept and marked released; it is deleted when it stops being one. Idempotent: an unknown
 * (already deleted) media is nothing to do.
 */
@Component
class MediaReleaser {

    private static final Logger log = LoggerFactory.getLogger(MediaReleaser.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProfilePhotos photos;
    private final UnusedBlobs unusedBlobs;
    private final Clock clock;
    private final MeterRegistry meters;

    MediaReleaser(JdbcTemplate jdbc, TransactionTemplate transactions, ProfilePhotos photos, UnusedBlobs unusedBlobs,
                  Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.photos = photos;
        this.unusedBlobs = unusedBlobs;
        this.clock = clock;
        this.meters = meters;
    }

    /** {@code MediaReleased}: deletes the media unless it is a profile photo (then marks it released). */
    void released(String mediaId, String lastMessageId) {
        UUID id = parse(mediaId);
        if (id == null) {
            log.warn("MediaReleased for {} (message {}): not a media id, ignored", mediaId, lastMessageId);
            return;
        }
        Optional<Blobs> deleted = transactions.execute(status -> {
            Optional<Blobs> found = lock(id);
            if (found.isEmpty()) {
                log.info("Media {} released by message {}: already gone", id, lastMessageId);
                return Optional.<Blobs>empty();
            }
            Optional<String> owner = photos.ownerOf(id);
            if (owner.isPresent()) {
                jdbc.update("update media set released_at = coalesce(released_at, ?) where id = ?",
                        Timestamp.from(clock.instant()), id);
                log.info("Media {} released by message {} is kept: it is the profile photo of {}", id,
                        lastMessageId, owner.get());
                meters.counter("courier.media.released", "outcome", "kept_profile_photo").increment();
                return Optional.<Blobs>empty();
            }
            delete(id);
            log.info("Media {} deleted: released by message {}", id, lastMessageId);
            return found;
        });
        finish(deleted);
    }

    /**
     * A profile photo was replaced: the old one is deleted if it had been released meanwhile (no message refers to
     * it) and is nobody's profile photo now. Runs in the caller's transaction; the blobs follow after it commits.
     *
     * @return the blobs to delete once the transaction has committed
     */
    Optional<Blobs> noLongerProfilePhoto(UUID mediaId) {
        Optional<Blobs> found = lock(mediaId);
        if (found.isEmpty() || !found.get().released() || photos.ownerOf(mediaId).isPresent()) {
            return Optional.empty();
        }
        delete(mediaId);
        log.info("Media {} deleted: released earlier, and no longer a profile photo", mediaId);
        return found;
    }

    /** Deletes the blobs of deleted rows that nothing else uses; call after the commit. */
    void finish(Optional<Blobs> deleted) {
        deleted.ifPresent(blobs -> {
            meters.counter("courier.media.released", "outcome", "deleted").increment();
            unusedBlobs.deleteIfUnreferenced(blobs.sha256());
            unusedBlobs.deleteIfUnreferenced(blobs.thumbnailSha256());
        });
    }

    private Optional<Blobs> lock(UUID id) {
        List<Blobs> rows = jdbc.query("select sha256, thumbnail_sha256, released_at from media where id = ? for update",
                (rs, i) -> new Blobs(rs.getString("sha256"), rs.getString("thumbnail_sha256"),
                        rs.getTimestamp("released_at") != null), id);
        return rows.stream().findFirst();
    }

    private void delete(UUID id) {
        jdbc.update("delete from media_grant where media_id = ?", id);
        jdbc.update("delete from media where id = ?", id);
    }

    private static UUID parse(String mediaId) {
        try {
            return UUID.fromString(mediaId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** The blobs of a media row, and whether it had been released. */
    record Blobs(String sha256, String thumbnailSha256, boolean released) {
    }
}

package dev.courier.media.library;

import dev.courier.media.MediaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Deletes media that no message refers to: no grant (session-service grants when it authorises a send carrying the
 * media, so a media without one was never sent), not anyone's current profile photo, and older than
 * {@code orphan-grace}. Rows go in batches of
 * {@code orphan-batch-size}, each in its own transaction ({@code skip locked}: several instances may sweep at once);
 * then each of their blobs (original and thumbnail) that no remaining row refers to, under the blob's lock.
 */
@Component
class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    /** At most this many batches per sweep: the rest waits for the next one. */
    private static final int MAX_BATCHES = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final UnusedBlobs unusedBlobs;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration grace;
    private final int batchSize;

    OrphanSweeper(JdbcTemplate jdbc, TransactionTemplate transactions, UnusedBlobs unusedBlobs, Clock clock,
                  MeterRegistry meters, MediaProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.unusedBlobs = unusedBlobs;
        this.clock = clock;
        this.meters = meters;
        this.grace = properties.orphanGrace();
        this.batchSize = properties.orphanBatchSize();
    }

    /** One sweep; never throws (a failure is logged and the next sweep tries again). */
    void sweep() {
        try {
            int deleted = 0;
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                int rows = sweepBatch();
                deleted += rows;
                if (rows < batchSize) {
                    break;
                }
            }
            if (deleted > 0) {
                log.info("Orphan sweep: {} media older than {} without grants deleted", deleted, grace);
            }
        } catch (RuntimeException e) {
            log.warn("Orphan sweep failed; the next one tries again", e);
        }
    }

    /** Deletes one batch of orphan rows, then their blobs that nothing else refers to; the number of rows. */
    int sweepBatch() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(grace));
        List<Orphan> orphans = transactions.execute(status -> {
            List<Orphan> found = jdbc.query("""
                            select id, sha256, thumbnail_sha256 from media m
                            where created_at < ? and not exists (select 1 from media_grant g where g.media_id = m.id)
                              and not exists (select 1 from profile_photo p where p.media_id = m.id)
                            order by created_at
                            limit ?
                            for update skip locked""",
                    (rs, i) -> new Orphan(rs.getObject("id", UUID.class), rs.getString("sha256"),
                            rs.getString("thumbnail_sha256")),
                    cutoff, batchSize);
            jdbc.batchUpdate("delete from media where id = ?",
                    found.stream().map(orphan -> new Object[] {orphan.id()}).toList());
            return found;
        });
        Set<String> hashes = new LinkedHashSet<>();
        for (Orphan orphan : orphans) {
            log.info("Media {} deleted: no message refers to it after {}", orphan.id(), grace);
            hashes.add(orphan.sha256());
            hashes.add(orphan.thumbnailSha256());
        }
        hashes.forEach(unusedBlobs::deleteIfUnreferenced);
        meters.counter("courier.media.orphans.deleted").increment(orphans.size());
        return orphans.size();
    }

    private record Orphan(UUID id, String sha256, String thumbnailSha256) {
    }
}

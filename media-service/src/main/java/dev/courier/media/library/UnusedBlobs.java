package dev.courier.media.library;

import dev.courier.media.storage.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a blob once no media row refers to it (as original or thumbnail), under the blob's lock
 * ({@link BlobLocks}), which an upload of the same bytes holds until its row is committed: a blob reused meanwhile is
 * never deleted. Call after the transaction that deleted the rows has committed.
 */
@Component
class UnusedBlobs {

    private static final Logger log = LoggerFactory.getLogger(UnusedBlobs.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BlobStore blobs;
    private final BlobLocks locks;
    private final MeterRegistry meters;

    UnusedBlobs(JdbcTemplate jdbc, TransactionTemplate transactions, BlobStore blobs, BlobLocks locks,
                MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.blobs = blobs;
        this.locks = locks;
        this.meters = meters;
    }

    void deleteIfUnreferenced(String sha256) {
        transactions.executeWithoutResult(status -> {
            locks.lock(sha256);
            Boolean referenced = jdbc.queryForObject(
                    "select exists (select 1 from media where sha256 = ? or thumbnail_sha256 = ?)", Boolean.class,
                    sha256, sha256);
            if (Boolean.FALSE.equals(referenced)) {
                blobs.delete(sha256);
                meters.counter("courier.media.blobs.deleted").increment();
                log.debug("Blob {} deleted: no media refers to it", sha256);
            }
        });
    }
}

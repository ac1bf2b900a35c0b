package dev.courier.media.library;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.stream.Stream;

/**
 * Serialises, per blob, an upload (which may reuse an existing blob) and the orphan sweep (which deletes a blob no
 * row refers to any more): PostgreSQL transaction-level advisory locks keyed by the hash, so that a blob is never
 * deleted under a row that was just inserted. Call inside a transaction; released at its end.
 */
@Component
class BlobLocks {

    private final JdbcTemplate jdbc;

    BlobLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks each hash, always in the same order (no deadlock between two uploads). */
    void lock(String... sha256s) {
        Stream.of(sha256s).distinct().sorted().forEach(sha256 ->
                jdbc.queryForObject("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))", Integer.class,
                        sha256));
    }
}

package dev.courier.media.storage;

import org.springframework.core.io.Resource;

import java.util.Optional;

/**
 * Immutable blobs addressed by the SHA-256 of their bytes (64 lower-case hex digits): the same bytes are kept once.
 * Putting a blob that exists already changes nothing.
 */
public interface BlobStore {

    void put(String sha256, byte[] bytes, String contentType);

    /** The blob, with its length known ({@link Resource#contentLength()}) and a fresh stream on each open. */
    Optional<Resource> open(String sha256);

    boolean exists(String sha256);

    /** Removes the blob; a missing one is not an error. */
    void delete(String sha256);

    /** {@code ab/cd/abcd…}: two levels of prefix folders keep any one folder small. */
    static String key(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("Not a SHA-256: " + sha256);
        }
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }
}

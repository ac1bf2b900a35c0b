package dev.courier.media.storage;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Blobs as files under a root folder ({@code root/ab/cd/abcd…}). A blob is written to a temporary file in
 * {@code root/tmp} (same file system) and moved into place atomically, so a reader never sees half a blob.
 */
class LocalDiskBlobStore implements BlobStore {

    private final Path root;
    private final Path tmp;

    LocalDiskBlobStore(Path root) {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the media folder " + tmp, e);
        }
    }

    @Override
    public void put(String sha256, byte[] bytes, String contentType) {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(tmp, sha256.substring(0, 8), ".part");
            try {
                Files.write(partial, bytes);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store blob " + sha256, e);
        }
    }

    @Override
    public Optional<Resource> open(String sha256) {
        Path path = path(sha256);
        return Files.isRegularFile(path) ? Optional.of(new FileSystemResource(path)) : Optional.empty();
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    @Override
    public void delete(String sha256) {
        try {
            Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete blob " + sha256, e);
        }
    }

    Path path(String sha256) {
        return root.resolve(BlobStore.key(sha256));
    }
}

package dev.courier.media.storage;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.InputStream;
import java.util.Optional;

/**
 * Blobs as objects of one bucket of an S3-compatible store, keyed like the local store ({@code ab/cd/abcd…}). A put
 * is a single {@code PutObject}, atomic on S3; an existing key is not written again.
 */
class S3BlobStore implements BlobStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    S3BlobStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String sha256, byte[] bytes, String contentType) {
        if (exists(sha256)) {
            return;
        }
        s3.putObject(PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(BlobStore.key(sha256))
                        .contentType(contentType)
                        .contentLength((long) bytes.length)
                        .build(),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<Resource> open(String sha256) {
        return head(sha256).map(head -> new S3Object(BlobStore.key(sha256), head.contentLength()));
    }

    @Override
    public boolean exists(String sha256) {
        return head(sha256).isPresent();
    }

    /** S3 answers a missing key with success too. */
    @Override
    public void delete(String sha256) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(BlobStore.key(sha256)).build());
    }

    /** Spring calls it at shutdown (inferred destroy method). */
    @Override
    public void close() {
        s3.close();
    }

    private Optional<HeadObjectResponse> head(String sha256) {
        try {
            return Optional.of(s3.headObject(HeadObjectRequest.builder()
                    .bucket(bucket)
                    .key(BlobStore.key(sha256))
                    .build()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One object, its length known from the HEAD; each {@link #getInputStream()} is a new GET (Range serving reopens). */
    private final class S3Object extends AbstractResource {

        private final String key;
        private final long length;

        S3Object(String key, long length) {
            this.key = key;
            this.length = length;
        }

        @Override
        public InputStream getInputStream() {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public String getDescription() {
            return "s3://" + bucket + "/" + key;
        }
    }
}

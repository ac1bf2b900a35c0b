package dev.courier.media;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * media-service configuration ({@code courier.media.*}).
 *
 * @param maxSize       the largest upload accepted; larger is refused with 413 (the multipart limits follow it)
 * @param maxDimension  the largest width or height an image may declare; more is refused with 415 before decoding
 * @param maxPixels     the most pixels (width × height) an image may declare; more is refused with 415 (image bombs)
 * @param thumbnailSize the longest side of the JPEG thumbnail made at upload (smaller images are not enlarged)
 * @param maxStoredDimension the longest side of the image kept: a larger upload is scaled down by a whole factor
 *                      (decoded subsampled) to at most this, as a chat app sends photos; the memory an upload needs is
 *                      bounded by it
 * @param storage       where blobs (originals and thumbnails, by SHA-256) are kept
 * @param orphanGrace   how long a media that no message refers to (no grant: never authorised in a send) is kept
 * @param orphanSweepInterval the pause between two sweeps for such media
 * @param orphanBatchSize     the most media deleted in one transaction of a sweep
 * @param maxConcurrentUploads uploads read and inspected at once (each holds its bytes and a decoder in memory)
 * @param uploadQueueTimeout   how long an upload waits for one of those slots before {@code 503}
 */
@ConfigurationProperties("courier.media")
@Validated
public record MediaProperties(
        @DefaultValue("16MB") @NotNull DataSize maxSize,
        @DefaultValue("16384") @Min(1) int maxDimension,
        @DefaultValue("50000000") @Min(1) long maxPixels,
        @DefaultValue("320") @Min(16) int thumbnailSize,
        @DefaultValue("2048") @Min(16) int maxStoredDimension,
        @DefaultValue @NotNull @Valid Storage storage,
        @DefaultValue("24h") @NotNull Duration orphanGrace,
        @DefaultValue("10m") @NotNull Duration orphanSweepInterval,
        @DefaultValue("100") @Min(1) int orphanBatchSize,
        @DefaultValue("4") @Min(1) int maxConcurrentUploads,
        @DefaultValue("30s") @NotNull Duration uploadQueueTimeout) {

    public enum StorageType { LOCAL, S3 }

    /**
     * @param type  {@code local} (default) or {@code s3}
     * @param local the local disk store
     * @param s3    the S3-compatible store (AWS S3, MinIO, …)
     */
    public record Storage(
            @DefaultValue("local") @NotNull StorageType type,
            @DefaultValue @NotNull @Valid Local local,
            @DefaultValue @NotNull @Valid S3 s3) {
    }

    /** @param root the folder blobs are kept under; unset, {@code ${java.io.tmpdir}/courier-media} */
    public record Local(Path root) {

        public Local {
            if (root == null) {
                root = Path.of(System.getProperty("java.io.tmpdir"), "courier-media");
            }
        }
    }

    /**
     * Credentials come from the AWS default chain (e.g. {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}).
     *
     * @param endpoint        the store's URL (e.g. {@code http://localhost:9000} for MinIO); unset, AWS's own
     * @param region          the signing region (MinIO accepts any)
     * @param bucket          the bucket, which must exist
     * @param pathStyleAccess {@code http://host/bucket/key} rather than {@code http://bucket.host/key} (MinIO needs it)
     */
    public record S3(
            URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("courier-media") @NotBlank String bucket,
            @DefaultValue("true") boolean pathStyleAccess) {
    }
}

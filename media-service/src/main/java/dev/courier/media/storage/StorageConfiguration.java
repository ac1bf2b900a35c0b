package dev.courier.media.storage;

import dev.courier.media.MediaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The one {@link BlobStore}: local disk unless {@code courier.media.storage.type=s3}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    BlobStore blobStore(MediaProperties properties) {
        MediaProperties.Storage storage = properties.storage();
        return switch (storage.type()) {
            case LOCAL -> {
                log.info("Media blobs on local disk under {}", storage.local().root().toAbsolutePath());
                yield new LocalDiskBlobStore(storage.local().root());
            }
            case S3 -> {
                log.info("Media blobs in bucket {} of {}", storage.s3().bucket(),
                        storage.s3().endpoint() == null ? "AWS S3" : storage.s3().endpoint());
                yield new S3BlobStore(s3Client(storage.s3(), DefaultCredentialsProvider.builder().build()),
                        storage.s3().bucket());
            }
        };
    }

    static S3Client s3Client(MediaProperties.S3 s3, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyleAccess())
                // Checksums only where the API requires them: S3-compatible stores do not all know the newer ones.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }
}

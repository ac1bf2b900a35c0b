package dev.courier.media.storage;

import dev.courier.media.MediaProperties;
import dev.courier.media.TestS3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link S3BlobStore} against a real S3-compatible server ({@link TestS3Server}: Adobe's S3Mock in this JVM), through
 * the client {@link StorageConfiguration} builds (endpoint override, path-style access), with dummy credentials.
 */
class S3BlobStoreS3MockTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    private static S3BlobStore store;

    @BeforeAll
    static void start() {
        var properties = new MediaProperties.S3(TestS3Server.endpoint(), "us-east-1", TestS3Server.BUCKET, true);
        store = new S3BlobStore(StorageConfiguration.s3Client(properties,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(TestS3Server.ACCESS_KEY,
                        TestS3Server.SECRET_KEY))), TestS3Server.BUCKET);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void putExistsOpenRangeAndDeleteRoundTrip() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(5).nextBytes(bytes);
        assertThat(store.exists(SHA)).isFalse();
        assertThat(store.open(SHA)).isEmpty();

        store.put(SHA, bytes, "image/png");
        store.put(SHA, bytes, "image/png");

        assertThat(store.exists(SHA)).isTrue();
        Resource blob = store.open(SHA).orElseThrow();
        assertThat(blob.contentLength()).isEqualTo(bytes.length);
        try (InputStream in = blob.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        // Each open is a new GET (Spring reopens the resource to serve a Range).
        try (InputStream in = blob.getInputStream()) {
            assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(bytes, 10));
        }

        store.delete(SHA);
        store.delete(SHA);
        assertThat(store.exists(SHA)).isFalse();
        assertThat(store.open(SHA)).isEmpty();
    }
}

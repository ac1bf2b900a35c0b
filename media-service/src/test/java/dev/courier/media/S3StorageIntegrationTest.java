package dev.courier.media;

import dev.courier.contracts.api.MediaUploaded;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole service with {@code courier.media.storage.type=s3} against a real S3-compatible server
 * ({@link TestS3Server}, in this JVM) and a real PostgreSQL: upload, fetch (whole, a range, the thumbnail) and the
 * orphan sweep, with the objects checked through a client of the test's own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml",
        "courier.media.storage.type=s3",
        "courier.media.orphan-grace=1h",
        "courier.media.orphan-sweep-interval=200ms"})
@Import(TestTokens.class)
// Closed after the class: its orphan sweep must not run on the other context's rows (one database) with its own store.
@DirtiesContext
class S3StorageIntegrationTest implements RealInfrastructure {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private RestTestClient http;
    private S3Client s3;

    @DynamicPropertySource
    static void s3Server(DynamicPropertyRegistry registry) {
        registry.add("courier.media.storage.s3.endpoint", () -> TestS3Server.endpoint().toString());
        registry.add("courier.media.storage.s3.bucket", () -> TestS3Server.BUCKET);
    }

    @BeforeEach
    void clients() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        s3 = S3Client.builder()
                .endpointOverride(TestS3Server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestS3Server.ACCESS_KEY, TestS3Server.SECRET_KEY)))
                .build();
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Test
    void uploadsAreStoredInTheBucketServedFromItAndSweptFromItWhenOrphaned() {
        String ann = UUID.randomUUID().toString();
        byte[] png = TestImages.image("png", 400, 200, new Random().nextLong());

        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", png).filename("a.png").contentType(MediaType.IMAGE_PNG);
        MediaUploaded uploaded = http.post().uri("/api/media").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(body.build())
                .exchange()
                .expectStatus().isCreated()
                .expectBody(MediaUploaded.class).returnResult().getResponseBody();
        String thumbnail = jdbc.queryForObject("select thumbnail_sha256 from media where id = ?::uuid", String.class,
                uploaded.mediaId());

        assertThat(object(uploaded.sha256())).isEqualTo(TestImages.kept(png));
        byte[] fetched = http.get().uri("/api/media/" + uploaded.mediaId())
                .header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(fetched).isEqualTo(TestImages.kept(png));
        byte[] range = http.get().uri("/api/media/" + uploaded.mediaId())
                .header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .header(HttpHeaders.RANGE, "bytes=100-149")
                .exchange()
                .expectStatus().isEqualTo(206)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(range).isEqualTo(Arrays.copyOfRange(png, 100, 150));
        byte[] thumbnailBytes = http.get().uri("/api/media/" + uploaded.mediaId() + "/thumbnail")
                .header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(object(thumbnail)).isEqualTo(thumbnailBytes);

        jdbc.update("update media set created_at = ? where id = ?::uuid",
                Timestamp.from(Instant.now().minus(Duration.ofHours(2))), uploaded.mediaId());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThatThrownBy(() -> object(uploaded.sha256())).isInstanceOf(NoSuchKeyException.class);
            assertThatThrownBy(() -> object(thumbnail)).isInstanceOf(NoSuchKeyException.class);
        });
        assertThat(jdbc.queryForObject("select count(*) from media where id = ?::uuid", Integer.class,
                uploaded.mediaId())).isZero();
    }

    private static String bearer(String userId) {
        return "Bearer " + TestTokens.token(userId);
    }

    private byte[] object(String sha256) {
        String key = sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
        return s3.getObject(builder -> builder.bucket(TestS3Server.BUCKET).key(key), ResponseTransformer.toBytes())
                .asByteArray();
    }
}

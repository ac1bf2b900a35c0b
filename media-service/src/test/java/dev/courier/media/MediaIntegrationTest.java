package dev.courier.media;

import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.MediaUploaded;
import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierEventSerializer;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import dev.courier.testkit.TestTokens;
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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * media-service against a real PostgreSQL (testkit), blobs on local disk in a temporary folder, tokens from testkit's
 * {@link TestTokens}. The size limit is lowered to 512 KiB so that it can be reached; orphans are kept 1 h (not 24 h)
 * and swept every 200 ms, two per batch. The configuration file is named: S3Mock's jar (see {@link TestS3Server})
 * puts an application.properties of its own on the test class path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml",
        "courier.media.max-size=512KB",
        "courier.media.storage.type=local",
        "courier.media.orphan-grace=1h",
        "courier.media.orphan-sweep-interval=200ms",
        "courier.media.orphan-batch-size=2"})
@Import(TestTokens.class)
// Closed after the class: its orphan sweep must not run on the other context's rows (one database) with its own store.
@DirtiesContext
class MediaIntegrationTest implements RealInfrastructure {

    private static final Path BLOBS = temporaryFolder();
    /** last-seen-service's visibility call: the (owner/viewer) pairs allowed to see the owner's photo. */
    private static final Set<String> PHOTO_VISIBLE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Owners whose visibility call fails (500). */
    private static final Set<String> VISIBILITY_BROKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final HttpServer LAST_SEEN = startLastSeen();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private static KafkaProducer<String, CourierEvent> producer;

    private RestTestClient http;

    @DynamicPropertySource
    static void blobFolder(DynamicPropertyRegistry registry) {
        registry.add("courier.media.storage.local.root", BLOBS::toString);
        registry.add("courier.media.last-seen-url", () -> "http://127.0.0.1:" + LAST_SEEN.getAddress().getPort());
    }

    @AfterAll
    static void stopLastSeen() {
        LAST_SEEN.stop(0);
    }

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void answersHealthAndRefusesCallsWithoutAToken() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        http.get().uri("/api/media/" + UUID.randomUUID()).exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/media").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(multipart(TestImages.image("png", 10, 10, 1), "a.png", MediaType.IMAGE_PNG))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anUploadIs201WithItsDimensionsAndHashAndIsStored() {
        String ann = newUser();
        byte[] png = TestImages.image("png", 800, 600, 11);

        MediaUploaded uploaded = http.post().uri("/api/media").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                // The client's name and type are ignored: the bytes decide.
                .body(multipart(png, "holiday.jpg", MediaType.IMAGE_JPEG))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/api/media/"))
                .expectBody(MediaUploaded.class).returnResult().getResponseBody();

        assertThat(UUID.fromString(uploaded.mediaId())).isNotNull();
        assertThat(uploaded.contentType()).isEqualTo("image/png");
        // Kept re-encoded from its pixels (no metadata, nothing after its end): what is served is what is described.
        byte[] kept = TestImages.kept(png);
        assertThat(uploaded.size()).isEqualTo(kept.length);
        assertThat(uploaded.width()).isEqualTo(800);
        assertThat(uploaded.height()).isEqualTo(600);
        assertThat(uploaded.sha256()).isEqualTo(sha256(kept)).isNotEqualTo(uploaded.mediaId());
        assertThat(blobFile(uploaded.sha256())).hasBinaryContent(kept);
        assertThat(jdbc.queryForObject("select uploader_id from media where id = ?::uuid", String.class,
                uploaded.mediaId())).isEqualTo(ann);
    }

    @Test
    void theSameBytesTwiceAreTwoMediaIdsOverOneBlob() {
        String ann = newUser();
        String bob = newUser();
        byte[] jpeg = TestImages.image("jpeg", 640, 480, 12);

        MediaUploaded first = upload(ann, jpeg);
        MediaUploaded second = upload(bob, jpeg);

        assertThat(first.mediaId()).isNotEqualTo(second.mediaId());
        assertThat(first.sha256()).isEqualTo(second.sha256());
        assertThat(filesNamed(first.sha256())).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from media where sha256 = ?", Integer.class, first.sha256()))
                .isEqualTo(2);
        // Bob's copy is his own: Ann's upload is still not shared with him.
        http.get().uri("/api/media/" + first.mediaId()).header(HttpHeaders.AUTHORIZATION, bearer(bob))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void theUploaderFetchesTheBytesWithTypeETagCacheHeadersRangesAndRevalidation() {
        String ann = newUser();
        byte[] uploadedGif = TestImages.image("gif", 200, 100, 13);
        MediaUploaded uploaded = upload(ann, uploadedGif);
        byte[] gif = TestImages.kept(uploadedGif);
        String etag = "\"" + uploaded.sha256() + "\"";

        byte[] body = http.get().uri("/api/media/" + uploaded.mediaId()).header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_GIF)
                .expectHeader().valueEquals(HttpHeaders.ETAG, etag)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, private, immutable")
                .expectHeader().valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
                .expectHeader().contentLength(gif.length)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(gif);

        byte[] range = http.get().uri("/api/media/" + uploaded.mediaId()).header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .header(HttpHeaders.RANGE, "bytes=10-19")
                .exchange()
                .expectStatus().isEqualTo(206)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 10-19/" + gif.length)
                .expectHeader().contentType(MediaType.IMAGE_GIF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(range).isEqualTo(Arrays.copyOfRange(gif, 10, 20));

        http.get().uri("/api/media/" + uploaded.mediaId()).header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectStatus().isNotModified()
                .expectBody().isEmpty();
    }

    @Test
    void theThumbnailIsAJpegWhoseLongestSideIs320WithItsOwnETag() {
        String ann = newUser();
        MediaUploaded uploaded = upload(ann, TestImages.image("png", 300, 450, 14));

        var result = http.get().uri("/api/media/" + uploaded.mediaId() + "/thumbnail")
                .header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, private, immutable")
                .expectBody(byte[].class).returnResult();
        byte[] thumbnail = result.getResponseBody();

        BufferedImage image = TestImages.read(thumbnail);
        assertThat(image.getWidth()).isEqualTo(213);
        assertThat(image.getHeight()).isEqualTo(320);
        assertThat(result.getResponseHeaders().getETag()).isEqualTo("\"" + sha256(thumbnail) + "\"");
        assertThat(jdbc.queryForObject("select thumbnail_sha256 from media where id = ?::uuid", String.class,
                uploaded.mediaId())).isEqualTo(sha256(thumbnail));
    }

    @Test
    void othersAre403UntilTheUploaderGrantsThemAndUnknownIdsAre404() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        MediaUploaded uploaded = upload(ann, TestImages.image("jpeg", 400, 400, 15));
        String original = "/api/media/" + uploaded.mediaId();
        String thumbnail = original + "/thumbnail";

        expectProblem(fetch(original, bob), 403);
        expectProblem(fetch(thumbnail, bob), 403);

        // Only the uploader may share it.
        expectProblem(grant(uploaded.mediaId(), new MediaGrantRequest(bob, List.of(bob))), 403);
        expectProblem(fetch(original, bob), 403);

        grant(uploaded.mediaId(), new MediaGrantRequest(ann, List.of(bob))).expectStatus().isNoContent();
        grant(uploaded.mediaId(), new MediaGrantRequest(ann, List.of(bob))).expectStatus().isNoContent();

        fetch(original, bob).expectStatus().isOk();
        fetch(thumbnail, bob).expectStatus().isOk();
        expectProblem(fetch(original, cid), 403);
        fetch(original, ann).expectStatus().isOk();
        assertThat(jdbc.queryForList("select user_id from media_grant where media_id = ?::uuid", String.class,
                uploaded.mediaId())).containsExactlyInAnyOrder(ann, bob);

        String unknown = UUID.randomUUID().toString();
        expectProblem(fetch("/api/media/" + unknown, ann), 404);
        expectProblem(fetch("/api/media/" + unknown + "/thumbnail", ann), 404);
        expectProblem(fetch("/api/media/not-a-media-id", ann), 404);
        expectProblem(grant(unknown, new MediaGrantRequest(ann, List.of(bob))), 404);
        expectProblem(grant(uploaded.mediaId(), new MediaGrantRequest(null, List.of(bob))), 400);
    }

    @Test
    void aTextFileNamedPngIs415AndStoresNothing() {
        refusedAndNothingStored(415, "Not a picture, honest.".getBytes(StandardCharsets.UTF_8), "cat.png",
                MediaType.IMAGE_PNG);
    }

    @Test
    void aTruncatedJpegIs415AndStoresNothing() {
        byte[] jpeg = TestImages.image("jpeg", 300, 300, 16);
        refusedAndNothingStored(415, Arrays.copyOf(jpeg, jpeg.length / 2), "cut.jpg", MediaType.IMAGE_JPEG);
    }

    @Test
    void aSmallPngDeclaring20000By20000Is415AndStoresNothing() {
        byte[] bomb = TestImages.pngHeader(20_000, 20_000);
        assertThat(bomb).hasSizeLessThan(100);
        refusedAndNothingStored(415, bomb, "bomb.png", MediaType.IMAGE_PNG);
    }

    @Test
    void aFileJustOverTheLimitIs413AndStoresNothing() {
        // Over max-size (512 KiB here) but within the servlet's multipart limit: refused by the controller.
        refusedAndNothingStored(413, noisyPngPrefixed(600 * 1024), "big.png", MediaType.IMAGE_PNG);
    }

    @Test
    void a17MibFileOverTheServletLimitIs413ProblemAndStoresNothing() {
        // Far over the servlet container's multipart limit (max-size + 1 MiB here): cut off before the controller.
        refusedAndNothingStored(413, noisyPngPrefixed(17 * 1024 * 1024), "huge.png", MediaType.IMAGE_PNG);
    }

    @Test
    void anEmptyFileIs400AndStoresNothing() {
        refusedAndNothingStored(400, new byte[0], "empty.png", MediaType.IMAGE_PNG);
    }

    @Test
    void aRequestWithoutAFilePartIs400AndStoresNothing() {
        String eve = newUser();
        Set<Path> before = files();
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("picture", TestImages.image("png", 20, 20, 18)).filename("a.png").contentType(MediaType.IMAGE_PNG);

        expectProblem(http.post().uri("/api/media").header(HttpHeaders.AUTHORIZATION, bearer(eve))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(builder.build())
                .exchange(), 400);

        assertNothingStored(eve, before);
    }

    @Test
    void mediaNoMessageReferredToIsDeletedAfterTheGraceWithBlobsNothingElseUses() {
        String ann = newUser();
        String bob = newUser();
        long seed = new Random().nextLong();
        // Orphans past the grace: one alone on its blobs, one sharing its blobs with Bob's (recent) upload.
        MediaUploaded lonely = upload(ann, TestImages.image("png", 64, 48, seed));
        byte[] shared = TestImages.image("jpeg", 64, 48, seed + 1);
        MediaUploaded annsCopy = upload(ann, shared);
        MediaUploaded bobsCopy = upload(bob, shared);
        MediaUploaded orphanAgain = upload(ann, TestImages.image("gif", 64, 48, seed + 2));
        // Kept: sent (granted) long ago, and unsent but within the grace.
        MediaUploaded sent = upload(ann, TestImages.image("png", 64, 48, seed + 3));
        grant(sent.mediaId(), new MediaGrantRequest(ann, List.of(bob))).expectStatus().isNoContent();
        MediaUploaded recent = upload(ann, TestImages.image("png", 64, 48, seed + 4));
        String lonelyThumbnail = thumbnailOf(lonely);
        backdate(lonely, Duration.ofHours(2));
        backdate(annsCopy, Duration.ofHours(2));
        backdate(orphanAgain, Duration.ofDays(3));
        backdate(sent, Duration.ofDays(3));
        backdate(recent, Duration.ofMinutes(50));

        // Three orphans, two per batch: it takes two batches.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(exists(lonely)).isFalse();
            assertThat(exists(annsCopy)).isFalse();
            assertThat(exists(orphanAgain)).isFalse();
            assertThat(blobFile(lonely.sha256())).doesNotExist();
            assertThat(blobFile(lonelyThumbnail)).doesNotExist();
            assertThat(blobFile(orphanAgain.sha256())).doesNotExist();
        });

        expectProblem(fetch("/api/media/" + lonely.mediaId(), ann), 404);
        assertThat(exists(sent)).isTrue();
        assertThat(exists(recent)).isTrue();
        assertThat(exists(bobsCopy)).isTrue();
        assertThat(blobFile(bobsCopy.sha256())).hasBinaryContent(TestImages.kept(shared));
        assertThat(blobFile(thumbnailOf(bobsCopy))).exists();
        fetch("/api/media/" + bobsCopy.mediaId(), bob).expectStatus().isOk();
        fetch("/api/media/" + sent.mediaId() + "/thumbnail", bob).expectStatus().isOk();
        fetch("/api/media/" + recent.mediaId(), ann).expectStatus().isOk();
    }

    @Test
    void theMetadataOfAMediaIsThereForServicesOnly() {
        String ann = newUser();
        MediaUploaded uploaded = upload(ann, TestImages.image("png", 40, 40, new Random().nextLong()));

        http.get().uri("/internal/media/" + uploaded.mediaId()).header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mediaId").isEqualTo(uploaded.mediaId())
                .jsonPath("$.uploaderId").isEqualTo(ann)
                .jsonPath("$.contentType").isEqualTo("image/png");
        expectProblem(http.get().uri("/internal/media/" + UUID.randomUUID()).header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE).exchange(), 404);
    }

    @Test
    void aProfilePhotoIsFetchedByExactlyThoseWhoMaySeeIt() {
        String ann = newUser();
        String friend = newUser();
        String stranger = newUser();
        String flaky = newUser();
        MediaUploaded photo = upload(ann, TestImages.image("jpeg", 200, 100, new Random().nextLong()));
        String original = "/api/media/" + photo.mediaId();
        String thumbnail = original + "/thumbnail";
        PHOTO_VISIBLE.add(ann + "/" + friend);
        PHOTO_VISIBLE.add(ann + "/" + flaky);
        expectProblem(fetch(original, friend), 403);

        publish(Topics.ACCOUNTS, ann, new ProfileChanged(UUID.randomUUID(), Instant.now(), ann, "Ann", null,
                photo.mediaId()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> fetch(original, friend).expectStatus().isOk());
        fetch(thumbnail, friend).expectStatus().isOk();
        expectProblem(fetch(original, stranger), 403);
        expectProblem(fetch(thumbnail, stranger), 403);
        VISIBILITY_BROKEN.add(ann);
        expectProblem(fetch(original, flaky), 403);
        VISIBILITY_BROKEN.remove(ann);
        fetch(original, flaky).expectStatus().isOk();

        // An older change replayed does not undo a newer one; no photo any more: back to uploader and grants only.
        publish(Topics.ACCOUNTS, ann, new ProfileChanged(UUID.randomUUID(), Instant.now(), ann, "Ann", null, null));
        publish(Topics.ACCOUNTS, ann, new ProfileChanged(UUID.randomUUID(), Instant.now().minusSeconds(60), ann,
                "Ann", null, photo.mediaId()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> expectProblem(fetch(original, friend), 403));
        fetch(original, ann).expectStatus().isOk();
    }

    @Test
    void aReleasedMediaIsDeletedWithItsGrantsAndTheBlobsNothingElseUsesUnlessItIsAProfilePhoto() {
        String ann = newUser();
        String bob = newUser();
        long seed = new Random().nextLong();
        byte[] shared = TestImages.image("png", 64, 48, seed);
        MediaUploaded sent = upload(ann, shared);
        MediaUploaded sameBytes = upload(bob, shared);
        MediaUploaded alone = upload(ann, TestImages.image("jpeg", 64, 48, seed + 1));
        MediaUploaded photo = upload(ann, TestImages.image("gif", 64, 48, seed + 2));
        String aloneThumbnail = thumbnailOf(alone);
        String photoThumbnail = thumbnailOf(photo);
        for (MediaUploaded media : List.of(sent, alone, photo)) {
            grant(media.mediaId(), new MediaGrantRequest(ann, List.of(bob))).expectStatus().isNoContent();
        }
        publish(Topics.ACCOUNTS, ann, new ProfileChanged(UUID.randomUUID(), Instant.now(), ann, "Ann", null,
                photo.mediaId()));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from profile_photo where owner_id = ?", Integer.class, ann) == 1);

        for (MediaUploaded media : List.of(sent, alone, photo, sent)) {
            publish(Topics.MEDIA, media.mediaId(), new MediaReleased(UUID.randomUUID(), Instant.now(),
                    media.mediaId(), "m-" + UUID.randomUUID()));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(exists(sent)).isFalse();
            assertThat(exists(alone)).isFalse();
            assertThat(blobFile(alone.sha256())).doesNotExist();
            assertThat(blobFile(aloneThumbnail)).doesNotExist();
        });
        assertThat(jdbc.queryForObject("select count(*) from media_grant where media_id in (?::uuid, ?::uuid)",
                Integer.class, sent.mediaId(), alone.mediaId())).isZero();
        assertThat(blobFile(sameBytes.sha256())).as("Bob's upload uses it")
                .hasBinaryContent(TestImages.kept(shared));
        fetch("/api/media/" + sameBytes.mediaId(), bob).expectStatus().isOk();
        expectProblem(fetch("/api/media/" + sent.mediaId(), bob), 404);
        assertThat(exists(photo)).as("a profile photo is kept").isTrue();
        fetch("/api/media/" + photo.mediaId(), bob).expectStatus().isOk();

        // Kept from the orphan sweep as well, even without grants and old.
        jdbc.update("delete from media_grant where media_id = ?::uuid", photo.mediaId());
        backdate(photo, Duration.ofDays(3));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> exists(photo));

        // Once it is no longer the profile photo, the release takes effect.
        publish(Topics.ACCOUNTS, ann, new ProfileChanged(UUID.randomUUID(), Instant.now(), ann, "Ann", null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(exists(photo)).isFalse();
            assertThat(blobFile(photo.sha256())).doesNotExist();
            assertThat(blobFile(photoThumbnail)).doesNotExist();
        });
    }

    private boolean exists(MediaUploaded uploaded) {
        return jdbc.queryForObject("select exists (select 1 from media where id = ?::uuid)", Boolean.class,
                uploaded.mediaId());
    }

    private String thumbnailOf(MediaUploaded uploaded) {
        return jdbc.queryForObject("select thumbnail_sha256 from media where id = ?::uuid", String.class,
                uploaded.mediaId());
    }

    private void backdate(MediaUploaded uploaded, Duration age) {
        jdbc.update("update media set created_at = ? where id = ?::uuid",
                java.sql.Timestamp.from(Instant.now().minus(age)), uploaded.mediaId());
    }

    private void refusedAndNothingStored(int status, byte[] bytes, String filename, MediaType type) {
        String eve = newUser();
        Set<Path> before = files();

        expectProblem(uploadAs(eve, bytes, filename, type), status);

        assertNothingStored(eve, before);
    }

    private void assertNothingStored(String uploader, Set<Path> before) {
        assertThat(jdbc.queryForObject("select count(*) from media where uploader_id = ?", Integer.class, uploader))
                .isZero();
        // Other tests' blobs may go (the orphan sweep), none may come.
        assertThat(files()).isSubsetOf(before);
    }

    /** Random bytes of {@code size} behind a real PNG's first 16 bytes: looks like a PNG until decoded. */
    private static byte[] noisyPngPrefixed(int size) {
        byte[] bytes = new byte[size];
        new Random(17).nextBytes(bytes);
        System.arraycopy(TestImages.image("png", 30, 30, 16), 0, bytes, 0, 16);
        return bytes;
    }

    private MediaUploaded upload(String caller, byte[] bytes) {
        return uploadAs(caller, bytes, "image.bin", MediaType.APPLICATION_OCTET_STREAM)
                .expectStatus().isCreated()
                .expectBody(MediaUploaded.class).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec uploadAs(String caller, byte[] bytes, String filename, MediaType type) {
        return http.post().uri("/api/media").header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(multipart(bytes, filename, type))
                .exchange();
    }

    private RestTestClient.ResponseSpec fetch(String path, String caller) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(caller)).exchange();
    }

    private RestTestClient.ResponseSpec grant(String mediaId, MediaGrantRequest request) {
        return http.post().uri("/internal/media/" + mediaId + "/grants").header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE)
                .contentType(MediaType.APPLICATION_JSON)
                .body(request)
                .exchange();
    }

    private static Object multipart(byte[] bytes, String filename, MediaType type) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("file", bytes).filename(filename).contentType(type);
        return builder.build();
    }

    private static void expectProblem(RestTestClient.ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status);
    }

    private static Path blobFile(String sha256) {
        return BLOBS.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private static List<Path> filesNamed(String name) {
        try (Stream<Path> files = Files.walk(BLOBS)) {
            return files.filter(path -> path.getFileName().toString().equals(name)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Path> files() {
        try (Stream<Path> files = Files.walk(BLOBS)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newUser() {
        return UUID.randomUUID().toString();
    }

    private static String bearer(String userId) {
        return "Bearer " + TestTokens.token(userId);
    }

    private static synchronized void publish(String topic, String key, CourierEvent event) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(),
                    new CourierEventSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, event)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event, e);
        }
    }

    private static HttpServer startLastSeen() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/internal/visibility/", exchange -> {
                String owner = exchange.getRequestURI().getPath().substring("/internal/visibility/".length());
                String viewer = exchange.getRequestURI().getQuery().substring("viewer=".length());
                if (VISIBILITY_BROKEN.contains(owner)) {
                    exchange.sendResponseHeaders(500, -1);
                } else {
                    boolean photo = PHOTO_VISIBLE.contains(owner + "/" + viewer);
                    byte[] body = ("{\"lastSeen\":true,\"online\":true,\"profilePhoto\":" + photo
                            + ",\"about\":true}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("courier-media-test");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.courier.media;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.support.security.AuthenticatedUser;
import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * media-service against a real PostgreSQL (testkit), blobs on local disk in a temporary folder, tokens signed with a
 * key made here. The size limit is lowered to 512 KiB so that it can be reached.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.media.max-size=512KB",
        "courier.media.storage.type=local"})
class MediaIntegrationTest implements RealInfrastructure {

    private static final KeyPair KEYS = generateKeys();
    private static final Path BLOBS = temporaryFolder();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private RestTestClient http;

    @DynamicPropertySource
    static void blobFolder(DynamicPropertyRegistry registry) {
        registry.add("courier.media.storage.local.root", BLOBS::toString);
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
        assertThat(uploaded.size()).isEqualTo(png.length);
        assertThat(uploaded.width()).isEqualTo(800);
        assertThat(uploaded.height()).isEqualTo(600);
        assertThat(uploaded.sha256()).isEqualTo(sha256(png)).isNotEqualTo(uploaded.mediaId());
        assertThat(blobFile(uploaded.sha256())).hasBinaryContent(png);
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
        byte[] gif = TestImages.image("gif", 200, 100, 13);
        MediaUploaded uploaded = upload(ann, gif);
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
    void refusedUploadsStoreNothing() {
        String eve = newUser();
        long files = countFiles();
        byte[] png = TestImages.image("png", 300, 300, 16);
        byte[] tooLarge = new byte[600 * 1024];
        new Random(17).nextBytes(tooLarge);
        System.arraycopy(png, 0, tooLarge, 0, 16);

        expectProblem(uploadAs(eve, "Not a picture, honest.".getBytes(StandardCharsets.UTF_8), "cat.jpg",
                MediaType.IMAGE_JPEG), 415);
        expectProblem(uploadAs(eve, Arrays.copyOf(png, png.length / 2), "cut.png", MediaType.IMAGE_PNG), 415);
        expectProblem(uploadAs(eve, TestImages.pngHeader(100_000, 100_000), "bomb.png", MediaType.IMAGE_PNG), 415);
        expectProblem(uploadAs(eve, tooLarge, "big.png", MediaType.IMAGE_PNG), 413);

        assertThat(jdbc.queryForObject("select count(*) from media where uploader_id = ?", Integer.class, eve))
                .isZero();
        assertThat(countFiles()).isEqualTo(files);
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
        return http.post().uri("/internal/media/" + mediaId + "/grants")
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

    private static long countFiles() {
        try (Stream<Path> files = Files.walk(BLOBS)) {
            return files.filter(Files::isRegularFile).count();
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
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(userId)
                    .claim(AuthenticatedUser.DEVICE_CLAIM, "device-1")
                    .issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
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

    private static KeyPair generateKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts only the key made here. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestJwt {

        @Bean
        @Primary
        JwtDecoder testJwtDecoder() {
            return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
        }
    }
}

package dev.courier.support.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.support.security.ServiceToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What service-support gives every servlet service, in a small web app with Boot's own JWT resource server: the
 * service token on {@code /internal/**}, ten seconds of clock skew, strict JSON and the body limit.
 */
@SpringBootTest(classes = CourierWebIntegrationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"courier.security.service-token=the-service-secret", "courier.security.revocation.enabled=false",
                "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                        + "dev.courier.support.kafka.CourierKafkaAutoConfiguration,"
                        + "dev.courier.support.kafka.CourierTopicsAutoConfiguration"})
class CourierWebIntegrationTest {

    static final KeyPair KEYS = keys();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("courier-test-key", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> pem.toUri().toString());
    }

    @Test
    void internalEndpointsAnswerOnlyServicesThatShowTheServiceToken() throws Exception {
        assertThat(get("/internal/ping", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/internal/ping", ServiceToken.HEADER, "a-guess").statusCode()).isEqualTo(401);
        assertThat(get("/internal/ping", "Authorization", "Bearer " + token(Instant.now().plusSeconds(60)))
                .statusCode()).as("a user's token is no service token").isEqualTo(403);
        var answer = get("/internal/ping", ServiceToken.HEADER, "the-service-secret");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("pong");
    }

    @Test
    void anAccessTokenExpiredMoreThanTenSecondsAgoIsRefused() throws Exception {
        assertThat(get("/api/me", "Authorization", "Bearer " + token(Instant.now().minusSeconds(18))).statusCode())
                .isEqualTo(401);
        var fresh = get("/api/me", "Authorization", "Bearer " + token(Instant.now().minusSeconds(3)));
        assertThat(fresh.statusCode()).as("within the skew").isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("user-1");
    }

    @Test
    void jsonIsReadStrictly() throws Exception {
        assertThat(post("{\"seconds\":604800,\"name\":\"timer\"}").statusCode()).isEqualTo(200);
        for (String bad : new String[] {"{\"seconds\":\"604800\",\"name\":\"timer\"}", "{\"seconds\":86400.9}",
                "{\"seconds\":1,\"seconds\":2}", "{\"seconds\":1,\"name\":\"a\\ud800b\"}",
                "{\"seconds\":1,\"name\":\"\\udc00\"}", "{\"seconds\":1,\"name\":\"a\\u0000b\"}",
                "{\"seconds\":1,\"name\":12}", "{\"seconds\":1,\"name\":true}", "{\"seconds\":null}",
                "{\"seconds\":1,\"tree\":{\"x\":\"\\ud800\"}}"}) {
            var answer = post(bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).as(bad).hasValue("application/problem+json");
        }
        assertThat(post("{\"seconds\":1,\"name\":\"\\ud83d\\ude00 ok\"}").statusCode()).as("a pair is fine")
                .isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsKnownOrNot() throws Exception {
        String big = "{\"seconds\":1,\"name\":\"" + "x".repeat(100_000) + "\"}";
        var known = HTTP.send(request("/api/echo").POST(HttpRequest.BodyPublishers.ofString(big)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(known.statusCode()).isEqualTo(413);
        assertThat(known.body()).contains("\"status\":413");
        var chunked = HTTP.send(request("/api/echo").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big.getBytes()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> post(String json) throws Exception {
        return HTTP.send(request("/api/echo").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(Instant.now().plusSeconds(60)));
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String token(Instant expiry) {
        try {
            var claims = new JWTClaimsSet.Builder().subject("user-1").claim("did", "device-1")
                    .issueTime(Date.from(expiry.minusSeconds(300))).expirationTime(Date.from(expiry)).build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Timer(int seconds, String name, tools.jackson.databind.JsonNode tree) {
    }

    @EnableAutoConfiguration
    @Import(Endpoints.class)
    static class App {
    }

    @RestController
    static class Endpoints {

        @GetMapping("/internal/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/api/me")
        String me(Authentication authentication) {
            return authentication.getName();
        }

        @PostMapping("/api/echo")
        Timer echo(@RequestBody Timer timer) {
            return timer;
        }
    }
}

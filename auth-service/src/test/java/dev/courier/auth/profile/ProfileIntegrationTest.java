package dev.courier.auth.profile;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.Topics;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET/PATCH /api/me} and the public lookups' privacy against real PostgreSQL and Kafka. media-service's
 * {@code /internal/media/{id}} and last-seen-service's {@code /internal/visibility/{owner}} are played by one JDK
 * HTTP server: {@link #UPLOADS} says who uploaded which media, {@link #HIDDEN} which (owner, viewer) pairs see no
 * photo and no about, and an owner in {@link #BROKEN} makes the visibility call fail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "courier.auth.registrations.burst=100000")
class ProfileIntegrationTest implements RealInfrastructure {

    private static final String PASSWORD = "correct horse";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final Map<String, String> UPLOADS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> HIDDEN = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> BROKEN = new ConcurrentHashMap<>();
    private static final HttpServer PEERS = startPeers();

    @LocalServerPort
    int port;

    private RestTestClient http;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + PEERS.getAddress().getPort();
        registry.add("courier.auth.media-url", () -> url);
        registry.add("courier.auth.last-seen-url", () -> url);
    }

    @AfterAll
    static void stopPeers() {
        PEERS.stop(0);
    }

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void setsEveryFieldReadsItBackAndAnnouncesTheChange() {
        String phone = newPhone();
        String userId = register(phone, "Ann");
        String token = login(phone);
        String photo = upload(userId);
        String email = "Ann." + UUID.randomUUID() + "@Example.COM";

        Map<String, Object> answer = patch(token, Map.of("displayName", "Ann B", "about", "Hiking", "email", email,
                "location", "Lisbon", "profilePhoto", photo), 200);

        Map<String, Object> expected = Map.of("userId", userId, "phone", phone, "displayName", "Ann B",
                "about", "Hiking", "email", email.toLowerCase(), "location", "Lisbon", "profilePhoto", photo);
        assertThat(answer).containsAllEntriesOf(expected);
        assertThat(me(token)).containsAllEntriesOf(expected);
        try (var probe = new TopicProbe(Topics.ACCOUNTS)) {
            var record = probe.awaitRecord(r -> r.value() instanceof ProfileChanged p && p.userId().equals(userId)
                    && "Ann B".equals(p.displayName()));
            assertThat(record.key()).isEqualTo(userId);
            assertThat((ProfileChanged) record.value()).extracting(ProfileChanged::about, ProfileChanged::profilePhoto)
                    .containsExactly("Hiking", photo);
        }

        // Merge patch: absent stays, null clears; the display name cannot be cleared.
        Map<String, Object> cleared = patch(token, json("{\"about\":null,\"profilePhoto\":null}"), 200);
        assertThat(cleared).containsEntry("displayName", "Ann B").containsEntry("location", "Lisbon")
                .containsEntry("about", null).containsEntry("profilePhoto", null);
        try (var probe = new TopicProbe(Topics.ACCOUNTS)) {
            probe.awaitRecord(r -> r.value() instanceof ProfileChanged p && p.userId().equals(userId)
                    && p.profilePhoto() == null && p.about() == null);
        }
    }

    @Test
    void refusesBadInputAndChangesNothing() {
        String phone = newPhone();
        String userId = register(phone, "Bea");
        String token = login(phone);
        String email = "bea-" + UUID.randomUUID() + "@example.com";
        patch(token, Map.of("about", "Before", "email", email), 200);
        Map<String, Object> before = me(token);

        String otherPhone = newPhone();
        String other = register(otherPhone, "Cid");
        String otherToken = login(otherPhone);
        String takenEmail = "cid-" + UUID.randomUUID() + "@example.com";
        patch(otherToken, Map.of("email", takenEmail), 200);
        String foreignPhoto = upload(other);

        problem(token, Map.of("email", takenEmail.toUpperCase(), "about", "After"), 409);
        problem(token, Map.of("email", "not-an-email", "about", "After"), 400);
        problem(token, Map.of("displayName", "", "about", "After"), 400);
        problem(token, Map.of("displayName", "x".repeat(65), "about", "After"), 400);
        problem(token, json("{\"displayName\":null,\"about\":\"After\"}"), 400);
        problem(token, Map.of("about", "x".repeat(141)), 400);
        problem(token, Map.of("location", "x".repeat(101), "about", "After"), 400);
        problem(token, Map.of("profilePhoto", foreignPhoto, "about", "After"), 400);
        problem(token, Map.of("profilePhoto", UUID.randomUUID().toString(), "about", "After"), 400);
        problem(token, Map.of("nickname", "Bee", "about", "After"), 400);
        problem(token, json("{\"about\": 5}"), 400);
        problem(token, json("[1]"), 400);
        problem(token, json("{\"about\": "), 400);

        assertThat(me(token)).isEqualTo(before);
        // The limits themselves are fine.
        patch(token, Map.of("displayName", "x".repeat(64), "about", "y".repeat(140), "location", "z".repeat(100)),
                200);
        // One's own email again is no conflict; a deactivated account frees its email.
        patch(token, Map.of("email", email), 200);
        http.delete().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + otherToken).exchange()
                .expectStatus().isNoContent();
        patch(token, Map.of("email", takenEmail), 200);
        assertThat(userId).isNotEqualTo(other);
    }

    @Test
    void lookupsShowAboutAndPhotoAsPrivacyAllowsAndHideThemWhenPrivacyCannotBeAsked() {
        String ownerPhone = newPhone();
        String owner = register(ownerPhone, "Dan");
        String ownerToken = login(ownerPhone);
        String photo = upload(owner);
        patch(ownerToken, Map.of("about", "Sailing", "profilePhoto", photo, "email", "dan-" + UUID.randomUUID()
                + "@example.com", "location", "Porto"), 200);
        String friendPhone = newPhone();
        String friend = register(friendPhone, "Eve");
        String friendToken = login(friendPhone);
        String strangerPhone = newPhone();
        String stranger = register(strangerPhone, "Fay");
        String strangerToken = login(strangerPhone);
        HIDDEN.put(owner + "/" + stranger, true);

        Map<String, Object> seenByFriend = lookup("/api/users/" + owner, friendToken);
        assertThat(seenByFriend).containsEntry("about", "Sailing").containsEntry("profilePhoto", photo)
                .containsEntry("displayName", "Dan").doesNotContainKeys("email", "location", "active");
        assertThat(lookup("/api/users?phone={phone}", friendToken, ownerPhone))
                .isEqualTo(seenByFriend);
        Map<String, Object> seenByStranger = lookup("/api/users/" + owner, strangerToken);
        assertThat(seenByStranger).containsEntry("displayName", "Dan").containsEntry("phone", ownerPhone)
                .doesNotContainKeys("about", "profilePhoto", "email", "location");
        assertThat(lookup("/api/users?phone={phone}", strangerToken, ownerPhone))
                .isEqualTo(seenByStranger);
        // The owner sees its own, whatever.
        HIDDEN.put(owner + "/" + owner, true);
        assertThat(lookup("/api/users/" + owner, ownerToken)).containsEntry("profilePhoto", photo);

        BROKEN.put(owner, true);
        assertThat(lookup("/api/users/" + owner, friendToken)).doesNotContainKeys("about", "profilePhoto")
                .containsEntry("displayName", "Dan");
        assertThat(friend).isNotEqualTo(stranger);
    }

    @Test
    void profileCallsNeedAToken() {
        http.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
        http.patch().uri("/api/me").contentType(MediaType.APPLICATION_JSON).body(Map.of("about", "x")).exchange()
                .expectStatus().isUnauthorized();
    }

    private Map<String, Object> patch(String token, Object body, int status) {
        return http.patch().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private void problem(String token, Object body, int status) {
        http.patch().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private Map<String, Object> me(String token) {
        return lookup("/api/me", token);
    }

    private Map<String, Object> lookup(String path, String token, Object... variables) {
        return http.get().uri(path, variables).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private String register(String phone, String displayName) {
        Map<String, Object> body = http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("phone", phone, "password", PASSWORD, "displayName", displayName))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();
        return (String) Objects.requireNonNull(body).get("userId");
    }

    private String login(String phone) {
        Map<String, Object> body = http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("phone", phone, "password", PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        return (String) Objects.requireNonNull(body).get("accessToken");
    }

    private static String upload(String userId) {
        String mediaId = UUID.randomUUID().toString();
        UPLOADS.put(mediaId, userId);
        return mediaId;
    }

    /** Raw JSON, sent as it is. */
    private static String json(String raw) {
        return raw;
    }

    private static String newPhone() {
        return "+1555" + ThreadLocalRandom.current().nextLong(10_000_000L, 100_000_000L);
    }

    private static HttpServer startPeers() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/internal/media/", exchange -> {
                String mediaId = exchange.getRequestURI().getPath().substring("/internal/media/".length());
                String uploader = UPLOADS.get(mediaId);
                respond(exchange, uploader == null ? 404 : 200, uploader == null ? null
                        : "{\"mediaId\":\"" + mediaId + "\",\"uploaderId\":\"" + uploader
                        + "\",\"contentType\":\"image/png\"}");
            });
            server.createContext("/internal/visibility/", exchange -> {
                String owner = exchange.getRequestURI().getPath().substring("/internal/visibility/".length());
                String viewer = exchange.getRequestURI().getQuery().substring("viewer=".length());
                if (BROKEN.containsKey(owner)) {
                    respond(exchange, 500, null);
                    return;
                }
                boolean shown = !HIDDEN.containsKey(owner + "/" + viewer);
                respond(exchange, 200, "{\"lastSeen\":true,\"online\":true,\"profilePhoto\":" + shown
                        + ",\"about\":" + shown + "}");
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}

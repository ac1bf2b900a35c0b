package dev.courier.auth;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.testkit.RealInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"courier.auth.admin-phones=" + AuthIntegrationTest.OPERATOR_PHONE,
                "courier.auth.registrations.burst=3", "courier.auth.registrations.per-hour=3"})
class AuthIntegrationTest implements RealInfrastructure {

    static final String OPERATOR_PHONE = "+15550001111";

    private static final String PASSWORD = "correct horse";
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafkaBootstrapServers;

    private RestTestClient http;

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void registersAPhoneOnceOnly() {
        String phone = newPhone();
        http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("phone", phone, "password", PASSWORD, "displayName", "Ann", "unknownField", 1))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.userId").isNotEmpty();

        http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("phone", phone, "password", "another password", "displayName", "Bob"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(409);
    }

    @Test
    void refusesBadRegistrationsWithAProblemDetail() {
        expectBadRegistration(Map.of("phone", "5551234567", "password", PASSWORD, "displayName", "Ann"));
        expectBadRegistration(Map.of("phone", "+0551234567", "password", PASSWORD, "displayName", "Ann"));
        expectBadRegistration(Map.of("phone", newPhone(), "password", "", "displayName", "Ann"));
        expectBadRegistration(Map.of("phone", newPhone(), "password", "12345", "displayName", "Ann"));
        expectBadRegistration(Map.of("phone", newPhone(), "password", PASSWORD, "displayName", " "));
        // The display name follows PATCH /api/me's rule (issue 19, finding 6).
        for (String name : List.of("a\u0000b", "two\nlines", "tab\there", "\u202eevil", "x\u2066y",
                "\u200b\u200b", "\u200b \ufeff", "\u3164", "a".repeat(65), "line\u2028sep")) {
            expectBadRegistration(Map.of("phone", newPhone(), "password", PASSWORD, "displayName", name));
        }
        expectBadRegistration(Map.of("phone", newPhone(), "password", PASSWORD));
        expectBadRegistration("{\"phone\": ");
    }

    @Test
    void loginIssuesAnAccessTokenThatVerifiesAgainstThePublishedKeys() throws Exception {
        String phone = newPhone();
        String userId = register(phone);

        Map<String, Object> tokens = login(phone, PASSWORD, "tablet-7");

        assertThat(tokens).containsEntry("userId", userId).containsEntry("expiresIn", 900);
        assertThat((String) tokens.get("refreshToken")).isNotBlank();
        String jwks = http.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JWKSet keys = JWKSet.parse(jwks);
        assertThat(keys.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        SignedJWT jwt = SignedJWT.parse((String) tokens.get("accessToken"));
        var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
        assertThat(jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringClaim("did")).isEqualTo("tablet-7");
        assertThat(claims.getIssuer()).isEqualTo("courier");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getLongClaim("iat_ms")).isBetween(claims.getIssueTime().getTime(),
                claims.getIssueTime().getTime() + 999);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now());
    }

    @Test
    void onlyTheOperatorsTokensCarryTheAdminScope() throws Exception {
        String operator = register(OPERATOR_PHONE);
        String phone = newPhone();
        register(phone);

        var operatorClaims = SignedJWT.parse((String) login(OPERATOR_PHONE, PASSWORD, null).get("accessToken"))
                .getJWTClaimsSet();
        assertThat(operatorClaims.getSubject()).isEqualTo(operator);
        assertThat(operatorClaims.getStringClaim("scope")).isEqualTo("admin");
        Map<String, Object> user = login(phone, PASSWORD, null);
        assertThat(SignedJWT.parse((String) user.get("accessToken")).getJWTClaimsSet().getClaim("scope")).isNull();
        // A refreshed token is judged again, the same way.
        Map<String, Object> refreshed = http.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("refreshToken", user.get("refreshToken")))
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(SignedJWT.parse((String) Objects.requireNonNull(refreshed).get("accessToken")).getJWTClaimsSet()
                .getClaim("scope")).isNull();
    }

    @Test
    void loginWithoutADeviceIdGetsANewDevice() throws Exception {
        String phone = newPhone();
        register(phone);

        String first = SignedJWT.parse((String) login(phone, PASSWORD, null).get("accessToken"))
                .getJWTClaimsSet().getStringClaim("did");
        String second = SignedJWT.parse((String) login(phone, PASSWORD, null).get("accessToken"))
                .getJWTClaimsSet().getStringClaim("did");

        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void wrongPasswordOrUnknownPhoneIs401() {
        String phone = newPhone();
        register(phone);

        expectLoginStatus(phone, "wrong password", 401);
        expectLoginStatus(newPhone(), PASSWORD, 401);
    }

    @Test
    void displayNamesInEveryScriptAndWithEmojiAreFine() {
        for (String name : List.of("Ann", "\u0622\u0646\u0627", "\u674e\u660e", "Zo\u00eb \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67")) {
            register(newPhone(), name);
        }
    }

    /**
     * Issue 19, finding 5: seven wrong passwords from a guesser no longer lock the owner out for five minutes. From
     * the guesser's own address the owner waits a few seconds (backoff, Retry-After); from anywhere else not at all.
     */
    @Test
    void failuresSlowTheGuesserWithBackoffWithoutLockingTheOwnerOut() {
        String phone = newPhone();
        register(phone);
        String guesser = newAddress();
        int refused = 0;
        for (int i = 0; i < 7; i++) {
            int status = loginFrom(guesser, phone, "guess " + i);
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("guesses past the fifth wait their turn").isPositive();

        assertThat(loginFrom(newAddress(), phone, PASSWORD)).as("the owner elsewhere").isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            loginFrom(guesser, phone, "guess again " + i);
        }
        http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", guesser)
                .body(Map.of("phone", phone, "password", PASSWORD))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value))
                        .isBetween(1L, 60L))
                .expectBody().jsonPath("$.status").isEqualTo(429);
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(500))
                .until(() -> loginFrom(guesser, phone, PASSWORD) == 200);
    }

    /** Issue 19, finding 7: registrations per client address are a token bucket (3 here, 10 by default). */
    @Test
    void oneAddressRegistersOnlySoManyAccounts() {
        String address = newAddress();
        for (int i = 0; i < 3; i++) {
            registerFrom(address).expectStatus().isCreated();
        }
        registerFrom(address).expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value))
                        .isBetween(1L, 3600L))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        registerFrom(newAddress()).expectStatus().isCreated();
    }

    private RestTestClient.ResponseSpec registerFrom(String address) {
        return http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("phone", newPhone(), "password", PASSWORD, "displayName", "Flood"))
                .exchange();
    }

    private int loginFrom(String address, String phone, String password) {
        return http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("phone", phone, "password", password))
                .exchange().returnResult().getStatus().value();
    }

    /** A public address of its own (documentation range 2001:db8::/32): Tomcat takes it from X-Forwarded-For. */
    private static String newAddress() {
        var random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":" + Integer.toHexString(random.nextInt(0x10000))
                + "::" + Integer.toHexString(random.nextInt(1, 0x10000));
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseRevokesTheDevice() {
        String phone = newPhone();
        String userId = register(phone);
        String first = (String) login(phone, PASSWORD, "phone-1").get("refreshToken");

        Map<String, Object> refreshed = refresh(first, 200);
        assertThat(refreshed).containsEntry("userId", userId).containsKeys("accessToken", "expiresIn");
        String second = (String) refreshed.get("refreshToken");
        assertThat(second).isNotEqualTo(first);

        refresh(first, 401);
        // The reuse looked like theft: the successor is revoked too, and so is the access token issued with it.
        refresh(second, 401);
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, bearer(refreshed))
                .exchange().expectStatus().isUnauthorized();
        refresh("not-a-token", 401);
    }

    @Test
    void logoutRevokesTheDeviceAndPublishesDeviceLoggedOut() {
        String phone = newPhone();
        String userId = register(phone);
        Map<String, Object> tokens = login(phone, PASSWORD, "laptop");
        String otherDevice = (String) login(phone, PASSWORD, "phone").get("refreshToken");

        http.post().uri("/api/auth/logout").header(HttpHeaders.AUTHORIZATION, bearer(tokens))
                .exchange()
                .expectStatus().isNoContent();

        refresh((String) tokens.get("refreshToken"), 401);
        refresh(otherDevice, 200);
        // The access token dies with the logout, not at its expiry; a new login of the same device, in the same
        // second, gets one that works.
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, bearer(tokens))
                .exchange().expectStatus().isUnauthorized();
        Map<String, Object> again = login(phone, PASSWORD, "laptop");
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, bearer(again))
                .exchange().expectStatus().isOk();
        DeviceLoggedOut event = awaitEvent(DeviceLoggedOut.class, userId);
        assertThat(event.deviceId()).isEqualTo("laptop");
        assertThat(event.eventId()).isNotNull();
    }

    @Test
    void aDeactivatedAccountCannotLogInAndIsNotFound() {
        String phone = newPhone();
        String userId = register(phone);
        Map<String, Object> tokens = login(phone, PASSWORD, "phone");
        String callerPhone = newPhone();
        register(callerPhone);
        String caller = bearer(login(callerPhone, PASSWORD, null));

        http.delete().uri("/api/me").header(HttpHeaders.AUTHORIZATION, bearer(tokens))
                .exchange()
                .expectStatus().isNoContent();

        expectLoginStatus(phone, PASSWORD, 401);
        refresh((String) tokens.get("refreshToken"), 401);
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, bearer(tokens))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/users?phone={phone}", phone).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/internal/users/" + userId).header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(userId)
                .jsonPath("$.active").isEqualTo(false);
        assertThat(awaitEvent(AccountDeactivated.class, userId).userId()).isEqualTo(userId);
    }

    @Test
    void looksUpActiveUsersByIdAndByPhone() {
        String phone = newPhone();
        String userId = register(phone, "Zoë");
        String caller = bearer(login(phone, PASSWORD, null));
        String expected = "{\"userId\":\"" + userId + "\",\"phone\":\"" + phone + "\",\"displayName\":\"Zoë\"}";

        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange()
                .expectStatus().isOk()
                .expectBody().json(expected).jsonPath("$.active").doesNotExist();
        http.get().uri("/api/users?phone={phone}", phone).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange()
                .expectStatus().isOk()
                .expectBody().json(expected).jsonPath("$.active").doesNotExist();
        // A '+' left unencoded in the query string arrives as a space.
        http.get().uri("/api/users?phone=" + phone).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(userId);
        http.get().uri("/internal/users/" + userId).header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(true);

        http.get().uri("/api/users/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/users/not-a-uuid").header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/internal/users/" + UUID.randomUUID()).header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/users?phone={phone}", newPhone()).header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/users?phone=12345").header(HttpHeaders.AUTHORIZATION, caller)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/users").header(HttpHeaders.AUTHORIZATION, caller)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void callsWithoutAValidTokenAre401() {
        String userId = register(newPhone());

        http.get().uri("/api/users/" + userId).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/users/" + userId).header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/auth/logout").exchange().expectStatus().isUnauthorized();
        http.delete().uri("/api/me").exchange().expectStatus().isUnauthorized();
    }

    private void expectBadRegistration(Object body) {
        http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }

    private String register(String phone) {
        return register(phone, "User " + phone);
    }

    private String register(String phone, String displayName) {
        Map<String, Object> body = http.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", newAddress())
                .body(Map.of("phone", phone, "password", PASSWORD, "displayName", displayName))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(MAP).returnResult().getResponseBody();
        return (String) Objects.requireNonNull(body).get("userId");
    }

    private Map<String, Object> login(String phone, String password, String deviceId) {
        var body = new HashMap<String, Object>(Map.of("phone", phone, "password", password));
        if (deviceId != null) {
            body.put("deviceId", deviceId);
        }
        return http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private void expectLoginStatus(String phone, String password, int status) {
        http.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", newAddress())
                .body(Map.of("phone", phone, "password", password))
                .exchange()
                .expectStatus().isEqualTo(status);
    }

    private Map<String, Object> refresh(String refreshToken, int status) {
        return http.post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("refreshToken", refreshToken))
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(MAP).returnResult().getResponseBody();
    }

    private static String bearer(Map<String, Object> tokens) {
        return "Bearer " + tokens.get("accessToken");
    }

    private <T extends CourierEvent> T awaitEvent(Class<T> type, String userId) {
        var properties = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "auth-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new CourierEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ACCOUNTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<T> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (userId.equals(record.key()) && type.isInstance(record.value())) {
                        found.add(type.cast(record.value()));
                    }
                }
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    private static String newPhone() {
        return "+1555" + ThreadLocalRandom.current().nextLong(10_000_000L, 100_000_000L);
    }

}

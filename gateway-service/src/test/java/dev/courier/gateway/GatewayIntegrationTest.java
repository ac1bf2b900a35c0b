package dev.courier.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.support.kafka.CourierEventSerializer;
import dev.courier.gateway.websocket.ClientSocket;
import dev.courier.gateway.websocket.ConnectionRegistry;
import dev.courier.gateway.websocket.TomcatSocketBuffers;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import dev.courier.support.security.RevokedTokenValidator;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against a real Kafka broker, driven by the JDK's WebSocket and HTTP clients. Tokens are signed with
 * a key made here; the decoder below trusts it in place of auth-service's JWKS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTest implements RealInfrastructure {

    private static final String GATEWAY_ID = "gw-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final RSAKey KEY = generateKey();
    private static final HttpServer AUTH = downstream("auth");
    private static final HttpServer LAST_SEEN = downstream("last-seen");
    private static final HttpServer MEDIA = downstream("media");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_IN_FLIGHT_BYTES = 2048;
    private static final int REST_IP_BURST = 10;
    private static final int REST_IP_RATE = 2;

    private static final List<CourierEvent> PUBLISHED = new CopyOnWriteArrayList<>();
    private static volatile KafkaProducer<String, CourierEvent> producer;
    private static volatile Thread collector;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ConnectionRegistry registry;

    private final List<Client> clients = new ArrayList<>();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("courier.gateway.id", () -> GATEWAY_ID);
        registry.add("courier.gateway.liveness-interval", () -> "200ms");
        // Short, so a silent socket is closed within seconds; the JDK client answers each ping well within it.
        registry.add("courier.gateway.heartbeat-interval", () -> "500ms");
        registry.add("courier.gateway.heartbeat-timeout", () -> "3s");
        registry.add("courier.gateway.routes.auth", () -> baseUri(AUTH));
        registry.add("courier.gateway.routes.last-seen", () -> baseUri(LAST_SEEN));
        registry.add("courier.gateway.routes.media", () -> baseUri(MEDIA));
        registry.add("courier.gateway.max-in-flight-bytes-per-socket", () -> MAX_IN_FLIGHT_BYTES);
        // Small REST buckets, so a test reaches them in a few requests: 5 at once per user, 10 per address.
        registry.add("courier.gateway.rate-limits.rest-user-request-burst", () -> 5);
        registry.add("courier.gateway.rate-limits.rest-user-requests-per-second", () -> 2);
        registry.add("courier.gateway.rate-limits.rest-ip-request-burst", () -> REST_IP_BURST);
        registry.add("courier.gateway.rate-limits.rest-ip-requests-per-second", () -> REST_IP_RATE);
    }

    @TestConfiguration
    static class TestKeys {

        /** Checks revocations too, as the gateway's own decoder does (service-support's validator). */
        @Bean
        @Primary
        JwtDecoder testJwtDecoder(RevokedTokenValidator revoked) throws JOSEException {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), revoked));
            return decoder;
        }
    }

    @BeforeEach
    void connectToKafka() {
        if (collector == null) {
            String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new CourierEventSerializer());
            var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "gateway-it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new CourierEventDeserializer());
            consumer.subscribe(List.of(Topics.SESSIONS, Topics.FRAMES_INBOUND));
            collector = Thread.ofPlatform().daemon().name("it-collector").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> PUBLISHED.add(record.value()));
                }
            });
        }
    }

    /** Closes what a test left open while Kafka still runs, so no SessionClosed is pending at JVM exit. */
    @AfterEach
    void closeClients() {
        clients.stream().filter(c -> !c.closeCode.isDone())
                .forEach(c -> c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "test over"));
        await().atMost(WAIT).until(() -> meters.get("courier.gateway.connections").gauge().value() == 0);
    }

    @AfterAll
    static void stopDownstreams() {
        producer.close();
        AUTH.stop(0);
        LAST_SEEN.stop(0);
        MEDIA.stop(0);
    }

    @Test
    void announcesTheSessionAndForwardsFramesWithTheIdentityFromTheToken() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));

        SessionOpened opened = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user));
        assertThat(opened.session().deviceId()).isEqualTo("phone-1");
        assertThat(opened.session().gatewayId()).isEqualTo(GATEWAY_ID);
        assertThat(opened.background()).isFalse();

        String frame = "{\"type\":\"send\",\"id\":\"c1\",\"from\":\"mallory\",\"to\":{\"user\":\"x\"},\"body\":{\"text\":\"hi\"}}";
        client.socket.sendText(frame, true).join();

        FrameReceived received = awaitEvent(FrameReceived.class, e -> e.session().userId().equals(user));
        assertThat(received.text()).isEqualTo(frame);
        assertThat(received.session()).isEqualTo(opened.session());
    }

    @Test
    void acceptsTheTokenAsQueryParameterAndMarksBackgroundConnections() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = new Client();
        clients.add(client);
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsUri() + "?access_token=" + token(user, "phone-1") + "&state=background"), client)
                .get(10, TimeUnit.SECONDS);

        SessionOpened opened = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user));
        assertThat(opened.background()).isTrue();
    }

    @Test
    void writesOutboundFramesAndKeepsMessagesInFlightUntilAcknowledged() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();
        String messageId = UUID.randomUUID().toString();
        String frame = "{\"type\":\"message\",\"id\":\"" + messageId + "\",\"seq\":1}";

        publish(Topics.gatewayOutbound(GATEWAY_ID), user,
                new FrameOutbound(UUID.randomUUID(), Instant.now(), session, frame, messageId));

        assertThat(client.texts.poll(20, TimeUnit.SECONDS)).isEqualTo(frame);
        assertThat(inFlightGauge()).isEqualTo(1);

        client.socket.sendText("{\"type\":\"receipt\",\"status\":\"delivered\",\"messageIds\":[\"" + messageId + "\"]}",
                true).join();

        await().atMost(WAIT).until(() -> inFlightGauge() == 0);
    }

    /** A parser that crashed before committing sends its last receipts again: the socket never sees one go back. */
    @Test
    void dropsADeliveredReceiptThatComesAfterTheReadOneForTheSameMessageAndRecipient() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();
        String messageId = UUID.randomUUID().toString();
        double staleBefore = meters.get("courier.gateway.receipts.stale").counter().count();
        List<String> sent = List.of(receipt(session, messageId, "bob", ReceiptStatus.DELIVERED),
                receipt(session, messageId, "bob", ReceiptStatus.READ),
                receipt(session, messageId, "bob", ReceiptStatus.DELIVERED),
                receipt(session, messageId, "carol", ReceiptStatus.DELIVERED),
                receipt(session, messageId, "bob", ReceiptStatus.READ));

        for (String expected : List.of(sent.get(0), sent.get(1), sent.get(3), sent.get(4))) {
            assertThat(client.texts.poll(20, TimeUnit.SECONDS)).isEqualTo(expected);
        }
        assertThat(meters.get("courier.gateway.receipts.stale").counter().count()).isEqualTo(staleBefore + 1);
        assertThat(client.texts.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    /** Publishes a {@code delivered} or {@code read} receipt frame for {@code session}; answers its text. */
    private String receipt(DeviceSession session, String messageId, String by, ReceiptStatus status)
            throws Exception {
        String text = "{\"type\":\"receipt\",\"status\":\"" + status.wireName() + "\",\"messageId\":\""
                + messageId + "\",\"by\":\"" + by + "\",\"n\":\"" + UUID.randomUUID() + "\"}";
        publish(Topics.gatewayOutbound(GATEWAY_ID), session.userId(), new FrameOutbound(UUID.randomUUID(),
                Instant.now(), session, text, null, new FrameOutbound.ReceiptProgress(messageId, by, status)));
        return text;
    }

    @Test
    void boundsTheUnacknowledgedMessagesOfASocketByBytesForgettingTheOldestAndWritingEveryFrame() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();
        List<String> ids = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            String frame = "{\"type\":\"message\",\"id\":\"" + id + "\",\"seq\":" + (i + 1) + ",\"body\":{\"text\":\""
                    + "\u00e9".repeat(400) + "\"}}";
            ids.add(id);
            frames.add(frame);
            publish(Topics.gatewayOutbound(GATEWAY_ID), user,
                    new FrameOutbound(UUID.randomUUID(), Instant.now(), session, frame, id));
        }

        for (String frame : frames) {
            assertThat(client.texts.poll(20, TimeUnit.SECONDS)).as("every frame is written").isEqualTo(frame);
        }
        long frameBytes = frames.getFirst().getBytes(StandardCharsets.UTF_8).length;
        assertThat(frameBytes).isBetween(850L, 1024L);
        assertThat(inFlightGauge()).as("two frames of ~900 bytes fit in 2048").isEqualTo(2);
        assertThat(meters.get("courier.gateway.inflight.bytes").gauge().value()).isEqualTo(2.0 * frameBytes)
                .isLessThanOrEqualTo(MAX_IN_FLIGHT_BYTES);

        client.socket.sendText("{\"type\":\"receipt\",\"status\":\"read\",\"messageIds\":[\""
                + String.join("\",\"", ids) + "\"]}", true).join();
        await().atMost(WAIT).until(() -> inFlightGauge() == 0
                && meters.get("courier.gateway.inflight.bytes").gauge().value() == 0);
        assertThat(client.closeCode).isNotDone();
    }

    @Test
    void restRequestsOverAUsersLimitGet429WithRetryAfterAndPassAgainOnceTheBucketRefills() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String alice = "Bearer " + token(UUID.randomUUID().toString(), "phone-1");
        HttpRequest lookup = HttpRequest.newBuilder(URI.create(apiUri("/api/users/someone")))
                .header("Authorization", alice).build();

        List<HttpResponse<String>> responses = all(http, java.util.Collections.nCopies(30, lookup));

        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(responses).filteredOn(r -> r.statusCode() == 404).as("the user's burst of 5 reaches the service")
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(refused).as("the rest is refused at the edge").isNotEmpty().allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"")
                    .doesNotContain("Exception");
        });
        assertThat(meters.get("courier.gateway.rate-limited").tag("limit", "rest-user").counter().count())
                .isEqualTo(refused.size());
        HttpResponse<String> bob = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/users/someone")))
                .header("Authorization", "Bearer " + token(UUID.randomUUID().toString(), "phone-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bob.statusCode()).as("another user").isEqualTo(404);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send(lookup, HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
    }

    @Test
    void restRequestsWithoutAValidTokenAreLimitedPerAddress() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest login = HttpRequest.newBuilder(URI.create(apiUri("/api/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpRequest forged = HttpRequest.newBuilder(URI.create(apiUri("/api/presence/someone")))
                .header("Authorization", "Bearer " + sign(new RSAKeyGenerator(2048).keyID("test").generate(),
                        UUID.randomUUID().toString(), "phone-1", Instant.now().plusSeconds(600))).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(login);
            requests.add(forged);
        }

        List<HttpResponse<String>> responses = all(http, requests);

        // Another test's requests without a token may have taken some of the burst already.
        assertThat(responses).filteredOn(r -> r.statusCode() == 404)
                .as("logins and forged tokens share the address's burst (and what refilled meanwhile)")
                .hasSizeBetween(1, REST_IP_BURST + 5 * REST_IP_RATE);
        assertThat(responses).filteredOn(r -> r.statusCode() == 429).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(404, 429);
        assertThat(meters.get("courier.gateway.rate-limited").tag("limit", "rest-ip").counter().count()).isPositive();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send(login, HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
        // Leave the address's bucket full again for the other tests' requests without a token.
        await().pollDelay(Duration.ofSeconds(REST_IP_BURST / REST_IP_RATE + 1)).atMost(WAIT).until(() -> true);
    }

    /**
     * Issue 23: {@code /v3/api-docs} is one document of the services' own ({@code edge.ApiDocs}), read from each
     * route's service; a service that does not answer (group and message here) is left out, not an error. Swagger UI
     * answers at {@code /api/docs}.
     */
    @Test
    void servesTheServicesOpenApiDocumentsMergedAndSwaggerUiOnThem() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create(apiUri("/v3/api-docs"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode merged = JsonMapper.builder().build().readTree(docs.body());
        assertThat(merged.path("info").path("title").asString()).isEqualTo("Courier REST API");
        List<String> paths = new ArrayList<>();
        merged.path("paths").properties().forEach(path -> paths.add(path.getKey()));
        assertThat(paths).contains("/api/auth/things/{id}", "/api/last-seen/things/{id}", "/api/media/things/{id}");
        assertThat(merged.path("components").path("schemas").has("mediaThing")).isTrue();

        HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/docs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    /** Sends every request at once and answers the responses. */
    private static List<HttpResponse<String>> all(HttpClient http, List<HttpRequest> requests) {
        List<CompletableFuture<HttpResponse<String>>> pending = requests.stream()
                .map(request -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        return pending.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void refusesTheUpgradeWithoutAValidTokenWith401() throws Exception {
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("other").generate();
        String user = UUID.randomUUID().toString();

        assertThat(upgradeStatus(Optional.empty())).isEqualTo(401);
        assertThat(upgradeStatus(Optional.of("not-a-jwt"))).isEqualTo(401);
        assertThat(upgradeStatus(Optional.of(sign(otherKey, user, "phone-1", Instant.now().plusSeconds(600)))))
                .isEqualTo(401);
        assertThat(upgradeStatus(Optional.of(sign(KEY, user, "phone-1", Instant.now().minusSeconds(600)))))
                .isEqualTo(401);
    }

    @Test
    void acceptsFramesUpTo64KiBAndClosesWith1009OnALargerOne() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        double before = closes(1009);
        String large = "x".repeat(60 * 1024);

        client.socket.sendText(large, true).join();
        assertThat(awaitEvent(FrameReceived.class, e -> e.session().userId().equals(user)).text()).isEqualTo(large);

        client.socket.sendText("x".repeat(70 * 1024), true);

        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
        await().atMost(WAIT).until(() -> closes(1009) == before + 1);
    }

    /**
     * Issue 19, finding 2: a frame over the limit on a socket opened with {@code ?access_token=} closes it with 1009
     * and nothing else: no exception for the rest of the frame, and the token in no log line.
     */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aFrameTooLargeOnASocketOpenedWithTheTokenInTheUrlLogsNeitherAnErrorNorTheToken(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String user = UUID.randomUUID().toString();
        String token = token(user, "phone-1");
        Client client = new Client();
        clients.add(client);
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsUri() + "?access_token=" + token), client).get(10, TimeUnit.SECONDS);
        awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user));
        double before = closes(1009);

        client.socket.sendText("x".repeat(70 * 1024), true);

        assertThat(client.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
        await().atMost(WAIT).until(() -> closes(1009) == before + 1);
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("NullPointerException");
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ") && line.contains(user))).isEmpty();
    }

    @Test
    void keepsTomcatsPerSocketBuffersSmallAndStillCarriesLargeFramesBothWays() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();
        ClientSocket socket = registry.find(session.sessionId()).orElseThrow();

        // What Tomcat holds for this idle socket (8 KiB each by default): its NIO read and write buffers, the
        // WebSocket output and encoder buffers, the text and binary message buffers.
        jakarta.websocket.Session wsSession = TomcatSocketBuffers.tomcatSession(socket);
        assertThat(TomcatSocketBuffers.capacities(wsSession)).as("buffers of an open socket, in bytes")
                .isNotEmpty()
                .allSatisfy(capacity -> assertThat(capacity).isLessThanOrEqualTo(TomcatSocketBuffers.SIZE));
        assertThat(wsSession.getMaxTextMessageBufferSize()).isLessThanOrEqualTo(TomcatSocketBuffers.SIZE);
        assertThat(wsSession.getMaxBinaryMessageBufferSize()).isLessThanOrEqualTo(TomcatSocketBuffers.SIZE);

        String large = "{\"type\":\"message\",\"id\":\"m\",\"body\":{\"text\":\"" + "\u00e9".repeat(25_000) + "\"}}";
        publish(Topics.gatewayOutbound(GATEWAY_ID), user,
                new FrameOutbound(UUID.randomUUID(), Instant.now(), session, large, null));
        assertThat(client.texts.poll(20, TimeUnit.SECONDS)).as("a 50 KB frame written through 1 KiB buffers")
                .isEqualTo(large);

        String inbound = "y".repeat(60 * 1024);
        client.socket.sendText(inbound, true).join();
        assertThat(awaitEvent(FrameReceived.class, e -> e.session().userId().equals(user)
                && e.text().length() == inbound.length()).text()).isEqualTo(inbound);
    }

    @Test
    void answersPingLocallyAndBinaryFramesWithAnErrorKeepingTheConnection() throws Exception {
        Client client = connect(token(UUID.randomUUID().toString(), "phone-1"));

        client.socket.sendText("{\"type\":\"ping\"}", true).join();
        assertThat(client.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"pong\"}");

        client.socket.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).join();
        String error = client.texts.poll(10, TimeUnit.SECONDS);
        assertThat(error).contains("\"type\":\"error\"").contains("\"code\":\"bad_frame\"");

        client.socket.sendText(" { \"type\": \"ping\" } ", true).join();
        assertThat(client.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"pong\"}");
        assertThat(client.closeCode).isNotDone();
    }

    @Test
    void closesTheSocketsOfADeactivatedAccountWith4401() throws Exception {
        String user = UUID.randomUUID().toString();
        Client phone = connect(token(user, "phone-1"));
        Client laptop = connect(token(user, "laptop-1"));
        Client someoneElse = connect(token(UUID.randomUUID().toString(), "phone-1"));

        publish(Topics.ACCOUNTS, user, new AccountDeactivated(UUID.randomUUID(), Instant.now(), user));

        assertThat(phone.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4401);
        assertThat(laptop.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4401);
        assertStillOpen(someoneElse);
    }

    @Test
    void closesOnlyTheLoggedOutDeviceWith4401() throws Exception {
        String user = UUID.randomUUID().toString();
        Client phone = connect(token(user, "phone-1"));
        Client laptop = connect(token(user, "laptop-1"));

        publish(Topics.ACCOUNTS, user, new DeviceLoggedOut(UUID.randomUUID(), Instant.now(), user, "phone-1"));

        assertThat(phone.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(4401);
        assertStillOpen(laptop);
    }

    @Test
    void aTokenIssuedBeforeItsDevicesLogoutCannotOpenASocketAgain() throws Exception {
        String user = UUID.randomUUID().toString();
        String phone = token(user, "phone-1");
        String laptop = token(user, "laptop-1");
        assertThat(upgrade(phone)).isEqualTo(101);

        publish(Topics.ACCOUNTS, user, new DeviceLoggedOut(UUID.randomUUID(), Instant.now(), user, "phone-1"));

        await().atMost(WAIT).until(() -> upgrade(phone) == 401);
        assertThat(upgrade(laptop)).as("another device of the user").isEqualTo(101);
    }

    @Test
    void framesOverTheConnectionLimitAreAnsweredRateLimitedAndTheSocketStaysOpen() throws Exception {
        Client client = connect(token(UUID.randomUUID().toString(), "phone-1"));
        int frames = 2_000;

        for (int i = 0; i < frames; i++) {
            client.socket.sendText("{\"type\":\"ping\",\"id\":\"f-" + i + "\"}", true).join();
        }

        List<String> answers = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            client.texts.drainTo(answers);
            return answers.size() == frames;
        });
        List<String> limited = answers.stream().filter(text -> text.contains("\"code\":\"rate_limited\"")).toList();
        assertThat(limited).as("each frame is answered: pong, or rate_limited naming it").isNotEmpty()
                .allSatisfy(text -> assertThat(text).contains("\"type\":\"error\"").containsPattern("\"ref\":\"f-\\d+\""));
        assertThat(answers.stream().filter("{\"type\":\"pong\"}"::equals).count()).isGreaterThanOrEqualTo(500)
                .isEqualTo(frames - limited.size());
        assertThat(meters.get("courier.gateway.rate-limited").tag("limit", "connection-messages").counter().count())
                .isPositive();
        // Once the bucket refills the same socket is served again.
        await().atMost(WAIT).until(() -> {
            client.texts.clear();
            client.socket.sendText("{\"type\":\"ping\"}", true).join();
            return "{\"type\":\"pong\"}".equals(client.texts.poll(2, TimeUnit.SECONDS));
        });
        assertThat(client.closeCode).isNotDone();
    }

    @Test
    void tooManyNewConnectionsOfOneUserAreRefusedWith429() throws Exception {
        String token = token(UUID.randomUUID().toString(), "phone-1");
        int accepted = 0;
        int status = upgrade(token);
        while (status == 101 && accepted < 40) {
            accepted++;
            status = upgrade(token);
        }

        assertThat(status).isEqualTo(429);
        assertThat(accepted).isBetween(20, 22);
        assertThat(upgrade(token(UUID.randomUUID().toString(), "phone-1"))).as("another user").isEqualTo(101);
    }

    @Test
    void heartbeatsOnTheSessionsTopicWithItsIdAndAFixedStartTime() {
        GatewayHeartbeat first = awaitEvent(GatewayHeartbeat.class, e -> e.gatewayId().equals(GATEWAY_ID));
        assertThat(first.startedAt()).isNotNull().isBeforeOrEqualTo(first.at());

        // The test context beats every 200 ms: later heartbeats keep the same start time.
        GatewayHeartbeat later = awaitEvent(GatewayHeartbeat.class,
                e -> e.gatewayId().equals(GATEWAY_ID) && e.at().isAfter(first.at()));
        assertThat(later.startedAt()).isEqualTo(first.startedAt());
    }

    @Test
    void publishesSessionClosedWhenTheClientCloses() throws Exception {
        String user = UUID.randomUUID().toString();
        Client client = connect(token(user, "phone-1"));
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();

        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        SessionClosed closed = awaitEvent(SessionClosed.class, e -> e.session().userId().equals(user));
        assertThat(closed.session()).isEqualTo(session);
        assertThat(closed.reason()).startsWith("1000");
    }

    @Test
    void closesASocketThatStopsAnsweringAndDatesItsEndToTheLastFrameHeard() throws Exception {
        String user = UUID.randomUUID().toString();
        // No demand: the JDK client then reads nothing, so it answers no ping, while its TCP connection stays.
        var silent = new Client() {
            @Override
            public void onOpen(WebSocket webSocket) {
                this.socket = webSocket;
            }
        };
        var client = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token(user, "phone-1"))
                .buildAsync(URI.create(wsUri()), silent).join();
        clients.add(silent);
        DeviceSession session = awaitEvent(SessionOpened.class, e -> e.session().userId().equals(user)).session();
        Instant beforeLastFrame = Instant.now();
        client.sendText("{\"type\":\"typing\",\"to\":{\"user\":\"someone\"},\"state\":\"paused\"}", true)
                .join();
        awaitEvent(FrameReceived.class, e -> e.session().equals(session));
        Instant afterLastFrame = Instant.now();

        SessionClosed closed = awaitEvent(SessionClosed.class, e -> e.session().equals(session));
        Instant noticed = Instant.now();
        assertThat(closed.reason()).isEqualTo("heartbeat-timeout");
        assertThat(closed.at()).isBetween(beforeLastFrame.minusMillis(50), afterLastFrame.plusMillis(50));
        assertThat(Duration.between(closed.at(), noticed)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(closes(1001)).isPositive();
    }

    @Test
    void proxiesRestCallsToTheOwningServiceUnchanged() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/users/missing")))
                .header("Authorization", "Bearer t-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(missing.body()).isEqualTo(problem("auth", "GET", "/api/users/missing", "Bearer t-1"));

        HttpResponse<String> deactivate = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/me")))
                .DELETE().header("Authorization", "Bearer t-2").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deactivate.statusCode()).isEqualTo(404);
        assertThat(deactivate.body()).isEqualTo(problem("auth", "DELETE", "/api/me", "Bearer t-2"));

        String privacyJson = "{\"lastSeen\":\"nobody\"}";
        HttpResponse<String> privacy = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/me/privacy")))
                .PUT(HttpRequest.BodyPublishers.ofString(privacyJson))
                .header("Authorization", "Bearer t-3").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(privacy.body()).isEqualTo(problem("last-seen", "PUT", "/api/me/privacy", "Bearer t-3",
                privacyJson.length()));

        HttpResponse<String> block = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/me/blocked/u-9")))
                .DELETE().header("Authorization", "Bearer t-5").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(block.body()).isEqualTo(problem("last-seen", "DELETE", "/api/me/blocked/u-9", "Bearer t-5"));
        HttpResponse<String> blocked = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/me/blocked")))
                .header("Authorization", "Bearer t-6").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blocked.body()).isEqualTo(problem("last-seen", "GET", "/api/me/blocked", "Bearer t-6"));
        HttpResponse<String> unsubscribe = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/me/push")))
                .DELETE().header("Authorization", "Bearer t-7").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsubscribe.body()).isEqualTo(problem("last-seen", "DELETE", "/api/me/push", "Bearer t-7"));
        HttpResponse<String> pushKey = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/push/key")))
                .header("Authorization", "Bearer t-8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushKey.body()).isEqualTo(problem("last-seen", "GET", "/api/push/key", "Bearer t-8"));

        byte[] upload = ("--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + "p".repeat(3000) + "\r\n--b1--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> media = http.send(HttpRequest.newBuilder(URI.create(apiUri("/api/media")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                .header("Content-Type", "multipart/form-data; boundary=b1")
                .header("Authorization", "Bearer t-4").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(media.body()).isEqualTo(problem("media", "POST", "/api/media", "Bearer t-4", upload.length));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private String wsUri() {
        return "ws://localhost:" + port + "/ws";
    }

    private String apiUri(String path) {
        return "http://localhost:" + port + path;
    }

    private Client connect(String token) throws Exception {
        Client client = new Client();
        clients.add(client);
        HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(wsUri()), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    private int upgradeStatus(Optional<String> token) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        try {
            builder.buildAsync(URI.create(wsUri()), new Client()).join();
            throw new AssertionError("The upgrade was accepted");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    /** 101 if the upgrade was accepted (the socket is closed after the test), else the refusal's status. */
    private int upgrade(String token) {
        Client client = new Client();
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(wsUri()), client).join();
            clients.add(client);
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private static void assertStillOpen(Client client) {
        client.socket.sendText("{\"type\":\"ping\"}", true).join();
        try {
            assertThat(client.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"pong\"}");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(client.closeCode).isNotDone();
    }

    private double inFlightGauge() {
        return meters.get("courier.gateway.inflight.messages").gauge().value();
    }

    private double closes(int code) {
        var counter = meters.find("courier.gateway.closes").tag("code", Integer.toString(code)).counter();
        return counter == null ? 0 : counter.count();
    }

    private static <T extends CourierEvent> T awaitEvent(Class<T> type, Predicate<T> match) {
        return await().atMost(WAIT).until(() -> PUBLISHED.stream()
                .filter(type::isInstance).map(type::cast).filter(match).findFirst(), Optional::isPresent).get();
    }

    private static void publish(String topic, String key, CourierEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, event)).get(10, TimeUnit.SECONDS);
    }

    private static String token(String user, String device) throws JOSEException {
        return sign(KEY, user, device, Instant.now().plusSeconds(600));
    }

    private static String sign(RSAKey key, String user, String device, Instant expiresAt) throws JOSEException {
        var claims = new JWTClaimsSet.Builder().subject(user).claim("did", device)
                .issueTime(Date.from(expiresAt.minusSeconds(900))).expirationTime(Date.from(expiresAt)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the fake downstream services answer to everything: a 404 ProblemDetail naming what they saw. */
    private static String problem(String service, String method, String path, String authorization) {
        return problem(service, method, path, authorization, 0);
    }

    private static String problem(String service, String method, String path, String authorization, int bodyBytes) {
        return "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"" + service + " " + method + " " + path + " "
                + authorization + (bodyBytes > 0 ? " body=" + bodyBytes : "") + "\"}";
    }

    /** A service's own OpenAPI document, as springdoc writes it: one call, one schema. */
    private static String apiDocs(String service) {
        return """
                {"openapi":"3.1.0","info":{"title":"%1$s","version":"v0"},
                 "paths":{"/api/%1$s/things/{id}":{"get":{"operationId":"thing","responses":{"200":{
                   "description":"OK",
                   "content":{"application/json":{"schema":{"$ref":"#/components/schemas/%1$sThing"}}}}}}}},
                 "components":{"schemas":{"%1$sThing":{"type":"object","properties":{"id":{"type":"string"}}}}}}
                """.formatted(service);
    }

    private static HttpServer downstream(String service) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/v3/api-docs", exchange -> {
                byte[] body = apiDocs(service).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                int received = exchange.getRequestBody().readAllBytes().length;
                byte[] body = problem(service, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), received).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseUri(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** A JDK WebSocket client that collects whole text messages and the close code. */
    private static class Client implements WebSocket.Listener {

        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            this.socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}

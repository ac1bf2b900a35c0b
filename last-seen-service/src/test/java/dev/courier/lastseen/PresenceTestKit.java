package dev.courier.lastseen;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ProfileFrame;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.support.kafka.CourierEventSerializer;
import dev.courier.support.kafka.EventJson;
import dev.courier.testkit.TestTokens;
import dev.courier.testkit.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the presence integration tests play: auth-service's {@code /internal/users/{id}} (a JDK HTTP server), a
 * live gateway (a {@link GatewayHeartbeat} every 500 ms), the gateway's and parser's events (a plain producer with
 * Courier's serde), and parser-service reading {@code courier.deliveries} (a tap that keeps every
 * {@link FrameRouted}).
 */
final class PresenceTestKit implements AutoCloseable {

    static final String GATEWAY = "gw-lastseen-test";

    private static final Set<String> USERS = ConcurrentHashMap.newKeySet();
    private static final HttpServer AUTH = startAuth();

    private final KafkaProducer<String, CourierEvent> producer;
    private final KafkaConsumer<String, CourierEvent> consumer;
    private final List<FrameRouted> routed = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private final ScheduledExecutorService heartbeats;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean running = true;

    PresenceTestKit() {
        String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new CourierEventSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "last-seen-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new CourierEventDeserializer());
        consumer.subscribe(List.of(Topics.DELIVERIES));
        poller = Thread.ofPlatform().daemon().name("deliveries-tap").start(this::poll);
        Instant startedAt = Instant.now();
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("test-gateway-heartbeats").factory());
        heartbeats.scheduleAtFixedRate(() -> heartbeat(GATEWAY, startedAt), 0, 500, TimeUnit.MILLISECONDS);
    }

    static String authUrl() {
        return "http://127.0.0.1:" + AUTH.getAddress().getPort();
    }

    /** A user auth-service knows. */
    static String newUser() {
        String userId = "u-" + UUID.randomUUID();
        USERS.add(userId);
        return userId;
    }

    static DeviceSession device(String userId) {
        return device(userId, GATEWAY);
    }

    static DeviceSession device(String userId, String gatewayId) {
        return new DeviceSession(userId, "d-" + UUID.randomUUID(), "s-" + UUID.randomUUID(), gatewayId);
    }

    void heartbeat(String gatewayId, Instant startedAt) {
        publish(Topics.SESSIONS, gatewayId, new GatewayHeartbeat(UUID.randomUUID(), Instant.now(), gatewayId,
                startedAt));
    }

    /** Publishes and waits for the broker's acknowledgement. */
    synchronized void publish(String topic, String key, CourierEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, event)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event, e);
        }
    }

    /** Every {@code presence} frame routed to this socket about {@code userId}, in routing order. */
    List<PresenceFrame> presence(DeviceSession socket, String userId) {
        return routed.stream()
                .filter(r -> r.target().sessionId().equals(socket.sessionId()))
                .map(FrameRouted::frame)
                .filter(f -> f instanceof PresenceFrame p && p.user().equals(userId))
                .map(PresenceFrame.class::cast)
                .toList();
    }

    /** Every {@code profile} frame routed to this socket about {@code userId}, in routing order. */
    List<ProfileFrame> profiles(DeviceSession socket, String userId) {
        return routed.stream()
                .filter(r -> r.target().sessionId().equals(socket.sessionId()))
                .map(FrameRouted::frame)
                .filter(f -> f instanceof ProfileFrame p && p.user().equals(userId))
                .map(ProfileFrame.class::cast)
                .toList();
    }

    List<ErrorFrame> errors(DeviceSession socket) {
        return routed.stream()
                .filter(r -> r.target().sessionId().equals(socket.sessionId()))
                .map(FrameRouted::frame)
                .filter(ErrorFrame.class::isInstance)
                .map(ErrorFrame.class::cast)
                .toList();
    }

    /** Whether every record routed to this socket was keyed by its user. */
    List<FrameRouted> routedTo(DeviceSession socket) {
        return routed.stream().filter(r -> r.target().sessionId().equals(socket.sessionId())).toList();
    }

    HttpResponse<String> get(int port, String path, String token) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (path.startsWith("/internal/")) {
            request.header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> put(int port, String path, String token, String json) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> delete(int port, String path, String token) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** {@code GET /api/presence/{userId}} as {@code viewer}, parsed. */
    JsonNode presenceOf(int port, String viewer, String userId) {
        var response = get(port, "/api/presence/" + userId, TestTokens.token(viewer));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET presence of " + userId + " answered " + response.statusCode() + " "
                    + response.body());
        }
        return EventJson.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (record.value() instanceof FrameRouted frame) {
                        routed.add(frame);
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static HttpServer startAuth() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/internal/users/", exchange -> {
                String userId = exchange.getRequestURI().getPath().substring("/internal/users/".length());
                if (!USERS.contains(userId)) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    byte[] body = EventJson.MAPPER.writeValueAsString(new UserView(userId, "+15550000000", "User",
                            true)).getBytes(StandardCharsets.UTF_8);
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

    @Override
    public void close() throws InterruptedException {
        heartbeats.shutdownNow();
        running = false;
        consumer.wakeup();
        poller.join(5_000);
        producer.close();
    }
}

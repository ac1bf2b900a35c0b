package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/**
 * What message-service's integration tests play around it, besides real PostgreSQL and Kafka: the gateway and
 * session-service publishing ({@link #events}), a live gateway ({@link TestEvents#GATEWAY}, a heartbeat every
 * 500 ms, well inside the shortest session lease a test sets) and parser-service reading {@code courier.deliveries}
 * ({@link #tap}). Each subclass brings its own {@code @SpringBootTest} settings.
 */
abstract class MessageServiceIntegrationTest implements RealInfrastructure {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    static DeliveriesTap tap;
    static GatewayHeartbeats gateways;

    @Autowired
    private KafkaTemplate<String, CourierEvent> kafka;
    @Autowired
    JdbcClient jdbc;

    TestEvents events;

    @BeforeAll
    static void tapDeliveriesAndStartTheGateway() {
        tap = new DeliveriesTap();
        gateways = new GatewayHeartbeats(Duration.ofMillis(500));
        gateways.start(TestEvents.GATEWAY, Instant.now());
    }

    @AfterAll
    static void stopTheGatewayAndTheTap() throws InterruptedException {
        gateways.close();
        tap.close();
    }

    @BeforeEach
    void events() {
        events = new TestEvents(kafka);
    }

    /** Connects these devices and waits until message-service has recorded each session. */
    void online(DeviceSession... sessions) {
        openAndAwait(sessions, "select count(*) from device_session where session_id = ?");
    }

    /**
     * Connects these devices and waits until each is ready: its flush on connect is done and new messages are pushed
     * to it. Stricter than {@link #online}, for tests that count on the order of what a device is sent.
     */
    void onlineAndReady(DeviceSession... sessions) {
        openAndAwait(sessions, "select count(*) from device_session where session_id = ? and ready_at is not null");
    }

    private void openAndAwait(DeviceSession[] sessions, String countOfOneSession) {
        for (DeviceSession session : sessions) {
            events.opened(session);
        }
        for (DeviceSession session : sessions) {
            await().atMost(PATIENCE).until(() -> count(countOfOneSession, session.sessionId()) == 1);
        }
    }

    /** Waits until message-service no longer holds this session: closed, or its gateway died or restarted. */
    void awaitSessionRemoved(DeviceSession session) {
        await().atMost(PATIENCE).until(() ->
                count("select count(*) from device_session where session_id = ?", session.sessionId()) == 0);
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}

package dev.courier.lastseen;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.Recipient;
import dev.courier.testkit.TestTokens;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.courier.lastseen.PresenceTestKit.device;
import static dev.courier.lastseen.PresenceTestKit.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence answers survive a restart of last-seen-service: the service is started, fed, stopped and started again
 * (same consumer group, so nothing is read twice: what the second run knows comes from the database). Last seen is
 * written only every hour here, so the last-seen answer after the restart proves the write on shutdown. It runs on
 * the test kit's real PostgreSQL and Kafka ({@link RealInfrastructure}'s database), without a Spring test context.
 */
class PresenceRestartIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static PresenceTestKit kit;
    private final String group = "last-seen-restart-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        kit = new PresenceTestKit();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        kit.close();
    }

    @Test
    void presenceAnswersStayRightAcrossARestart() {
        String online = newUser();
        String typedInBackground = newUser();
        String hidden = newUser();
        String viewer = newUser();
        Instant typed;

        try (var first = startService()) {
            int port = port(first);
            kit.publish(Topics.SESSIONS, online, new SessionOpened(UUID.randomUUID(), now(), device(online), false));
            DeviceSession background = device(typedInBackground);
            kit.publish(Topics.SESSIONS, typedInBackground, new SessionOpened(UUID.randomUUID(), now(), background,
                    true));
            typed = now();
            kit.publish(Topics.COMMANDS, typedInBackground, new TypingRequested(UUID.randomUUID(), typed, background,
                    Recipient.user(viewer), "composing"));
            assertThat(kit.put(port, "/api/me/privacy", TestTokens.token(hidden), "{\"lastSeen\":\"nobody\"}")
                    .statusCode()).isEqualTo(204);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(kit.presenceOf(port, viewer, online).get("online").asBoolean()).isTrue();
                assertThat(kit.presenceOf(port, viewer, typedInBackground).get("lastSeen").asLong())
                        .isEqualTo(typed.toEpochMilli());
            });
        }

        try (var second = startService()) {
            int port = port(second);
            assertThat(kit.presenceOf(port, viewer, online).get("online").asBoolean()).isTrue();
            var background = kit.presenceOf(port, viewer, typedInBackground);
            assertThat(background.get("online").asBoolean()).isFalse();
            assertThat(background.get("lastSeen").asLong()).isEqualTo(typed.toEpochMilli());
            assertThat(kit.presenceOf(port, hidden, typedInBackground).get("lastSeen").isNull()).isTrue();
        }
    }

    private ConfigurableApplicationContext startService() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        // Command-line arguments: they win over application.yml, as the launcher's environment does.
        return new SpringApplicationBuilder(LastSeenServiceApplication.class, TestTokens.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + infrastructure.jdbcUrl(RealInfrastructure.TEST_DATABASE),
                "--spring.datasource.username=" + infrastructure.postgresUser(),
                "--spring.datasource.password=" + infrastructure.postgresPassword(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=" + group,
                "--courier.lastseen.auth-url=" + PresenceTestKit.authUrl(),
                "--courier.lastseen.write-interval=1h");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}

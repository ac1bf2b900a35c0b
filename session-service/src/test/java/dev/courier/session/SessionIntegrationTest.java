package dev.courier.session;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.MessageActionRequested;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.events.UserBlocked;
import dev.courier.contracts.events.UserUnblocked;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.TypingFrame;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestInfrastructure;
import dev.courier.testkit.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * session-service against real PostgreSQL and Kafka, with a small HTTP server standing in for auth-service and for
 * the one group-service instance on the ring. Sessions
 * have a 3 s lease here; gateway {@code gw-1}, which holds the tests' sessions, heartbeats throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.session.sessions.lease=3s",
        "courier.session.sessions.sweep-interval=1s",
        // A dependency outage is waited out this long here (ten minutes in production) before a dead letter.
        "courier.kafka.dependency-retry-limit=6s",
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionIntegrationTest implements RealInfrastructure {

    private static final Map<String, UserView> AUTH_USERS = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> GROUPS = new ConcurrentHashMap<>();
    /** media-service's media: id → uploader; grants received; ids whose grant fails (500). */
    private static final Map<String, String> MEDIA = new ConcurrentHashMap<>();
    private static final Map<String, MediaGrantRequest> GRANTS = new ConcurrentHashMap<>();
    private static final Set<String> FAILING_MEDIA = ConcurrentHashMap.newKeySet();
    private static final HttpServer AUTH = startAuth();

    private static final String GATEWAY = "gw-1";

    private TopicProbe probe;
    private ScheduledExecutorService gatewayHeartbeats;

    @Autowired
    KafkaTemplate<String, CourierEvent> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void authService(DynamicPropertyRegistry registry) {
        registry.add("courier.session.auth-url", () -> "http://127.0.0.1:" + AUTH.getAddress().getPort());
        registry.add("spring.cloud.discovery.client.simple.instances.group-service[0].uri",
                () -> "http://127.0.0.1:" + AUTH.getAddress().getPort());
        registry.add("courier.session.media-url", () -> "http://127.0.0.1:" + AUTH.getAddress().getPort());
    }

    /**
     * auth-service's {@code GET /internal/users/{userId}}: the user's view, or 404; and group-service's
     * {@code GET /internal/groups/{groupId}/members}: the members, or 404; and media-service's
     * {@code POST /internal/media/{mediaId}/grants}: 204 and recorded, 404 unknown, 403 not the uploader, or 500.
     */
    private static HttpServer startAuth() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            JsonMapper json = JsonMapper.builder().build();
            server.createContext("/internal/users/", exchange -> {
                String userId = exchange.getRequestURI().getPath().substring("/internal/users/".length());
                UserView user = AUTH_USERS.get(userId);
                if (user == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    byte[] body = json.writeValueAsString(user).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.createContext("/internal/groups/", exchange -> {
                String groupId = exchange.getRequestURI().getPath().split("/")[3];
                List<String> members = GROUPS.get(groupId);
                if (members == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    byte[] body = json.writeValueAsString(new GroupMembers(groupId, members, "group-test"))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.createContext("/internal/media/", exchange -> {
                String mediaId = exchange.getRequestURI().getPath().split("/")[3];
                MediaGrantRequest grant = json.readValue(exchange.getRequestBody(), MediaGrantRequest.class);
                String uploader = MEDIA.get(mediaId);
                int status;
                if (FAILING_MEDIA.contains(mediaId)) {
                    status = 500;
                } else if (uploader == null) {
                    status = 404;
                } else if (!uploader.equals(grant.senderId())) {
                    status = 403;
                } else {
                    GRANTS.put(mediaId, grant);
                    status = 204;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void openProbe() {
        probe = new TopicProbe(Topics.MESSAGES, Topics.DELIVERIES);
        Instant startedAt = Instant.now();
        heartbeat(GATEWAY, startedAt);
        gatewayHeartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("test-gateway-heartbeats").factory());
        gatewayHeartbeats.scheduleAtFixedRate(() -> heartbeat(GATEWAY, startedAt), 500, 500, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    void close() {
        gatewayHeartbeats.shutdownNow();
        probe.close();
        AUTH.stop(0);
    }

    private static String newUser() {
        String userId = "u-" + UUID.randomUUID();
        AUTH_USERS.put(userId, new UserView(userId, "+1555" + userId.hashCode(), "User", true));
        return userId;
    }

    private static DeviceSession sessionOf(String userId) {
        return new DeviceSession(userId, "phone", "s-" + UUID.randomUUID(), GATEWAY);
    }

    private void heartbeat(String gatewayId, Instant startedAt) {
        publish(Topics.SESSIONS, gatewayId, new GatewayHeartbeat(UUID.randomUUID(), Instant.now(), gatewayId,
                startedAt));
    }

    private void publish(String topic, String key, CourierEvent event) {
        kafka.send(topic, key, event).join();
    }

    private static String newGroup(String... members) {
        String groupId = "g-" + UUID.randomUUID();
        GROUPS.put(groupId, List.of(members));
        return groupId;
    }

    private SendRequested send(DeviceSession from, String to) {
        return send(from, Recipient.user(to));
    }

    private SendRequested send(DeviceSession from, Recipient to) {
        var send = new SendRequested(UUID.randomUUID(), Instant.now(), from, "m-" + UUID.randomUUID(),
                to, MessageBody.text("hello"));
        publish(Topics.COMMANDS, from.userId(), send);
        return send;
    }

    private ErrorFrame awaitError(DeviceSession target) {
        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof FrameRouted routed && routed.target().equals(target));
        assertThat(record.key()).isEqualTo(target.userId());
        assertThat(((FrameRouted) record.value()).frame()).isInstanceOf(ErrorFrame.class);
        return (ErrorFrame) ((FrameRouted) record.value()).frame();
    }

    @Test
    void aSendToAnExistingUserIsAuthorisedInTheirDirectConversation() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        SendRequested send = send(alice, bob);

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof SendAuthorized authorized && authorized.messageId().equals(send.messageId()));
        SendAuthorized authorized = (SendAuthorized) record.value();
        String conversationId = ConversationIds.direct(alice.userId(), bob);
        assertThat(record.key()).isEqualTo(conversationId);
        assertThat(authorized.conversationId()).isEqualTo(conversationId);
        assertThat(authorized.sender()).isEqualTo(alice);
        assertThat(authorized.recipientUserIds()).containsExactly(bob);
        assertThat(authorized.to()).isEqualTo(Recipient.user(bob));
        assertThat(authorized.body()).isEqualTo(MessageBody.text("hello"));
    }

    private SendRequested sendImage(DeviceSession from, Recipient to, String mediaId) {
        var send = new SendRequested(UUID.randomUUID(), Instant.now(), from, "m-" + UUID.randomUUID(), to,
                new MessageBody(null, new MessageBody.Image(mediaId, "look")));
        publish(Topics.COMMANDS, from.userId(), send);
        return send;
    }

    private static String newMedia(String uploader) {
        String mediaId = UUID.randomUUID().toString();
        MEDIA.put(mediaId, uploader);
        return mediaId;
    }

    @Test
    void anImageSendGrantsThePeerTheMediaBeforeItIsAuthorised() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        String mediaId = newMedia(alice.userId());
        SendRequested send = sendImage(alice, Recipient.user(bob), mediaId);

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof SendAuthorized authorized && authorized.messageId().equals(send.messageId()));
        SendAuthorized authorized = (SendAuthorized) record.value();
        assertThat(authorized.body().image()).isEqualTo(new MessageBody.Image(mediaId, "look"));
        assertThat(authorized.recipientUserIds()).containsExactly(bob);
        assertThat(GRANTS.get(mediaId)).isEqualTo(new MediaGrantRequest(alice.userId(), List.of(bob)));
    }

    @Test
    void aGroupImageSendGrantsTheOtherMembersAtSendTime() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        String carol = newUser();
        String group = newGroup(bob, alice.userId(), carol);
        String mediaId = newMedia(alice.userId());
        SendRequested send = sendImage(alice, Recipient.group(group), mediaId);

        probe.awaitRecord(r ->
                r.value() instanceof SendAuthorized authorized && authorized.messageId().equals(send.messageId()));
        assertThat(GRANTS.get(mediaId)).isEqualTo(new MediaGrantRequest(alice.userId(), List.of(bob, carol)));
    }

    @Test
    void anImageSendOfUnknownMediaIsNotFoundAndOfSomeoneElsesIsForbidden() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();

        SendRequested unknown = sendImage(alice, Recipient.user(bob), UUID.randomUUID().toString());
        ErrorFrame notFound = awaitError(alice);
        assertThat(notFound).isEqualTo(new ErrorFrame(ErrorFrame.NOT_FOUND, "unknown media", unknown.messageId()));

        DeviceSession mallory = sessionOf(newUser());
        String bobsMedia = newMedia(bob);
        SendRequested stolen = sendImage(mallory, Recipient.user(alice.userId()), bobsMedia);
        ErrorFrame forbidden = awaitError(mallory);
        assertThat(forbidden).isEqualTo(new ErrorFrame(ErrorFrame.FORBIDDEN, "not your media", stolen.messageId()));
        assertThat(GRANTS).doesNotContainKey(bobsMedia);
    }

    /**
     * media-service cannot answer for a few seconds (longer than the quick retries of a bad record take): the send
     * waits for it and is authorised once it answers, instead of being dead-lettered.
     */
    @Test
    void anImageSendWaitsOutAShortMediaServiceOutageAndIsAuthorised() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        String mediaId = newMedia(alice.userId());
        FAILING_MEDIA.add(mediaId);
        SendRequested send = sendImage(alice, Recipient.user(bob), mediaId);

        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(GRANTS).doesNotContainKey(mediaId);
        FAILING_MEDIA.remove(mediaId);

        probe.awaitRecord(r ->
                r.value() instanceof SendAuthorized authorized && authorized.messageId().equals(send.messageId()));
        assertThat(GRANTS.get(mediaId)).isEqualTo(new MediaGrantRequest(alice.userId(), List.of(bob)));
    }

    @Test
    void anImageSendWhoseGrantFailsIsRetriedThenDeadLetteredNotRefused() {
        DeviceSession alice = sessionOf(newUser());
        String mediaId = newMedia(alice.userId());
        FAILING_MEDIA.add(mediaId);
        SendRequested send = sendImage(alice, Recipient.user(newUser()), mediaId);

        try (TopicProbe deadLetters = new TopicProbe(Topics.COMMANDS + ".dlt")) {
            deadLetters.awaitRecord(r -> r.value() instanceof SendRequested dead
                    && dead.messageId().equals(send.messageId()));
        }
        assertThat(GRANTS).doesNotContainKey(mediaId);
    }

    /**
     * Commands are consumed in batches. In the middle of one sender's sends (one partition, published without
     * waiting, so they arrive in one or few batches), a send to an unknown user is answered not_found and an image
     * send whose grant fails is retried, then dead-lettered; every send before and after them is authorised.
     */
    @Test
    void aFailingCommandInTheMiddleOfABatchIsDeadLetteredAndTheOthersAreAuthorised() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        String failingMedia = newMedia(alice.userId());
        FAILING_MEDIA.add(failingMedia);
        List<SendRequested> valid = new ArrayList<>();
        List<SendRequested> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var send = new SendRequested(UUID.randomUUID(), Instant.now(), alice, "m-" + UUID.randomUUID(),
                    Recipient.user(bob), MessageBody.text("hello " + i));
            valid.add(send);
            all.add(send);
            if (i == 4) {
                all.add(new SendRequested(UUID.randomUUID(), Instant.now(), alice, "m-unknown-" + UUID.randomUUID(),
                        Recipient.user("nobody-" + UUID.randomUUID()), MessageBody.text("hello?")));
                all.add(new SendRequested(UUID.randomUUID(), Instant.now(), alice, "m-failing-" + UUID.randomUUID(),
                        Recipient.user(bob), new MessageBody(null, new MessageBody.Image(failingMedia, "look"))));
            }
        }
        try (TopicProbe deadLetters = new TopicProbe(Topics.COMMANDS + ".dlt")) {
            CompletableFuture.allOf(all.stream()
                    .map(send -> kafka.send(Topics.COMMANDS, alice.userId(), send))
                    .toArray(CompletableFuture[]::new)).join();

            for (SendRequested send : valid) {
                probe.awaitRecord(r -> r.value() instanceof SendAuthorized authorized
                        && authorized.messageId().equals(send.messageId()));
            }
            ErrorFrame notFound = awaitError(alice);
            assertThat(notFound.code()).isEqualTo(ErrorFrame.NOT_FOUND);
            assertThat(notFound.ref()).isEqualTo(all.get(5).messageId());
            deadLetters.awaitRecord(r -> r.value() instanceof SendRequested dead
                    && dead.messageId().equals(all.get(6).messageId()));
        }
        assertThat(GRANTS).doesNotContainKey(failingMedia);
    }

    /**
     * Not a check, a measurement: 2,000 sends (50 senders, existing peers) through the commands listener's method
     * on this thread, against the real database and broker; prints the CPU and wall time. Asserts nothing on times.
     */
    @Test
    void microBenchmarkOfTheCommandPath() throws Exception {
        Object listener = context.getBean("commandListener");
        Method onCommands = listener.getClass().getDeclaredMethod("onCommands", List.class);
        onCommands.setAccessible(true);
        List<DeviceSession> senders = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            senders.add(sessionOf(newUser()));
            peers.add(newUser());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            List<ConsumerRecord<String, CourierEvent>> records = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                DeviceSession from = senders.get(i % senders.size());
                var send = new SendRequested(UUID.randomUUID(), Instant.now(), from, "m-" + UUID.randomUUID(),
                        Recipient.user(peers.get(i % peers.size())), MessageBody.text("hello " + i));
                records.add(new ConsumerRecord<>(Topics.COMMANDS, 0, i, from.userId(), send));
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int from = 0; from < records.size(); from += 500) {
                onCommands.invoke(listener, records.subList(from, from + 500));
            }
            System.out.printf("MICROBENCH round %d (%s): 2000 sends in batches of 500, listener thread CPU %d ms, "
                            + "wall %d ms%n", round, round == 0 ? "cold: user lookups, JIT" : "warm",
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000, (System.nanoTime() - wall) / 1_000_000);
        }
    }

    @Test
    void aSendToAnUnknownUserIsAnsweredNotFound() {
        DeviceSession alice = sessionOf(newUser());
        SendRequested send = send(alice, "nobody-" + UUID.randomUUID());

        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aMembersGroupSendIsAuthorisedInTheGroupsConversationForTheOtherMembers() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        String carol = newUser();
        String group = newGroup(bob, alice.userId(), carol);
        SendRequested send = send(alice, Recipient.group(group));

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof SendAuthorized authorized && authorized.messageId().equals(send.messageId()));
        SendAuthorized authorized = (SendAuthorized) record.value();
        assertThat(record.key()).isEqualTo(group);
        assertThat(authorized.conversationId()).isEqualTo(group);
        assertThat(authorized.to()).isEqualTo(Recipient.group(group));
        assertThat(authorized.sender()).isEqualTo(alice);
        assertThat(authorized.recipientUserIds()).containsExactly(bob, carol);
    }

    @Test
    void aNonMembersGroupSendIsForbidden() {
        DeviceSession mallory = sessionOf(newUser());
        String group = newGroup(newUser(), newUser());
        SendRequested send = send(mallory, Recipient.group(group));

        ErrorFrame error = awaitError(mallory);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aSendToAnUnknownGroupIsAnsweredNotFound() {
        DeviceSession alice = sessionOf(newUser());
        SendRequested send = send(alice, Recipient.group("g-nobody-" + UUID.randomUUID()));

        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aSendFromAClosedSessionIsForbidden() {
        DeviceSession alice = sessionOf(newUser());
        publish(Topics.SESSIONS, alice.userId(), new SessionOpened(UUID.randomUUID(), Instant.now(), alice, false));
        publish(Topics.SESSIONS, alice.userId(), new SessionClosed(UUID.randomUUID(), Instant.now(), alice, "bye"));
        await().atMost(Duration.ofSeconds(30)).until(() -> isClosed(alice));

        SendRequested send = send(alice, newUser());
        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aCommandFromASessionOfAGatewayThatStoppedHeartbeatingIsForbiddenAfterTheLease() {
        String dying = "gw-dying-" + UUID.randomUUID();
        heartbeat(dying, Instant.now()); // and never again: killed with SIGKILL, no SessionClosed
        DeviceSession alice = new DeviceSession(newUser(), "phone", "s-" + UUID.randomUUID(), dying);
        publish(Topics.SESSIONS, alice.userId(), new SessionOpened(UUID.randomUUID(), Instant.now(), alice, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from device_session where session_id = ? and opened_at is not null", Integer.class,
                alice.sessionId()) == 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> isClosed(alice));
        SendRequested send = send(alice, newUser());
        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aCloseProcessedBeforeItsOpenStillLeavesTheSessionClosed() throws Exception {
        DeviceSession alice = sessionOf(newUser());
        publish(Topics.SESSIONS, alice.userId(), new SessionClosed(UUID.randomUUID(), Instant.now(), alice, "bye"));
        publish(Topics.SESSIONS, alice.userId(), new SessionOpened(UUID.randomUUID(), Instant.now(), alice, true));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from device_session where session_id = ? and opened_at is not null", Integer.class,
                alice.sessionId()) == 1);
        assertThat(isClosed(alice)).isTrue();
        assertThat(openSessionsJson(alice.userId())).isEqualTo("[]");
    }

    @Test
    void openSessionsAreListedForOtherServices() throws Exception {
        DeviceSession alice = sessionOf(newUser());
        publish(Topics.SESSIONS, alice.userId(), new SessionOpened(UUID.randomUUID(), Instant.now(), alice, true));

        await().atMost(Duration.ofSeconds(30)).until(() -> openSessionsJson(alice.userId()).contains(alice.sessionId()));
        assertThat(openSessionsJson(alice.userId())).contains("\"gatewayId\":\"gw-1\"", "\"background\":true");
    }

    @Test
    void aReceiptIsAuthorisedKeyedByTheReader() {
        DeviceSession bob = sessionOf(newUser());
        String messageId = "m-" + UUID.randomUUID();
        publish(Topics.COMMANDS, bob.userId(), new ReceiptRequested(UUID.randomUUID(), Instant.now(), bob,
                ReceiptStatus.DELIVERED, List.of(messageId)));

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof ReceiptAuthorized receipt && receipt.messageIds().contains(messageId));
        assertThat(record.key()).isEqualTo(bob.userId());
        assertThat(((ReceiptAuthorized) record.value()).reader()).isEqualTo(bob);
        assertThat(((ReceiptAuthorized) record.value()).status()).isEqualTo(ReceiptStatus.DELIVERED);
    }

    @Test
    void aMessageActionIsAuthorisedKeyedByTheActor() {
        DeviceSession bob = sessionOf(newUser());
        String actionId = "d-" + UUID.randomUUID();
        publish(Topics.COMMANDS, bob.userId(), new MessageActionRequested(UUID.randomUUID(), Instant.now(), bob,
                MessageAction.DELETE, actionId, "m-1", null, null));

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof MessageActionAuthorized action && action.actionId().equals(actionId));
        assertThat(record.key()).isEqualTo(bob.userId());
        assertThat(((MessageActionAuthorized) record.value()).actor()).isEqualTo(bob);
        assertThat(((MessageActionAuthorized) record.value()).action()).isEqualTo(MessageAction.DELETE);
        assertThat(((MessageActionAuthorized) record.value()).messageId()).isEqualTo("m-1");
    }

    @Test
    void aDeactivatedSenderIsRefused() {
        DeviceSession alice = sessionOf(newUser());
        publish(Topics.ACCOUNTS, alice.userId(), new AccountDeactivated(UUID.randomUUID(), Instant.now(),
                alice.userId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from deactivated_user where user_id = ?", Integer.class, alice.userId()) == 1);

        SendRequested send = send(alice, newUser());
        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo(send.messageId());
    }

    @Test
    void aDeactivatedRecipientIsNotFoundEvenWhenItWasCached() {
        DeviceSession alice = sessionOf(newUser());
        String bob = newUser();
        send(alice, bob);
        probe.awaitRecord(r -> r.value() instanceof SendAuthorized a && a.sender().equals(alice));

        publish(Topics.ACCOUNTS, bob, new AccountDeactivated(UUID.randomUUID(), Instant.now(), bob));
        AUTH_USERS.put(bob, new UserView(bob, null, null, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from deactivated_user where user_id = ?", Integer.class, bob) == 1);

        SendRequested second = send(alice, bob);
        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isEqualTo(second.messageId());
    }

    private void open(DeviceSession session) {
        publish(Topics.SESSIONS, session.userId(), new SessionOpened(UUID.randomUUID(), Instant.now(), session,
                false));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from device_session where session_id = ? and opened_at is not null", Integer.class,
                session.sessionId()) == 1);
    }

    private void typing(DeviceSession from, Recipient to, String state) {
        publish(Topics.COMMANDS, from.userId(), new TypingRequested(UUID.randomUUID(), Instant.now(), from, to,
                state));
    }

    private TypingFrame awaitTyping(DeviceSession target) {
        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof FrameRouted routed && routed.target().equals(target)
                        && routed.frame() instanceof TypingFrame);
        assertThat(record.key()).isEqualTo(target.userId());
        return (TypingFrame) ((FrameRouted) record.value()).frame();
    }

    /**
     * Every {@code FrameRouted} to this user's sessions on {@code courier.deliveries} up to the topic's current end:
     * read right after a later frame of the same command stream was seen, it holds all that was routed before.
     */
    private static List<FrameRouted> routedSoFarTo(String userId) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()), new StringDeserializer(),
                new CourierEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DELIVERIES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<FrameRouted> routed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() instanceof FrameRouted frame && frame.target().userId().equals(userId)) {
                        routed.add(frame);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return routed;
        }
    }

    @Test
    void typingToAUserReachesItsOpenSessionFromTheSender() {
        DeviceSession alice = sessionOf(newUser());
        DeviceSession bob = sessionOf(newUser());
        open(alice);
        open(bob);
        send(alice, bob.userId());

        typing(alice, Recipient.user(bob.userId()), "composing");

        assertThat(awaitTyping(bob)).isEqualTo(new TypingFrame(alice.userId(), Recipient.user(bob.userId()),
                "composing"));
        // The conversation is bob's too, though he never answered: the chat is in his list.
        typing(bob, Recipient.user(alice.userId()), "composing");
        assertThat(awaitTyping(alice)).isEqualTo(new TypingFrame(bob.userId(), Recipient.user(alice.userId()),
                "composing"));
    }

    /**
     * Issue 19, finding 14: typing reaches only someone the typist shares a conversation with. A stranger's typing
     * is dropped without a word (no frame to the target, no error that tells the stranger anything); once the
     * target writes to the stranger, they share a conversation and it goes through.
     */
    @Test
    void typingToSomeoneWhoSharesNoConversationReachesNobody() {
        DeviceSession stranger = sessionOf(newUser());
        DeviceSession bob = sessionOf(newUser());
        DeviceSession friend = sessionOf(newUser());
        open(stranger);
        open(bob);
        open(friend);
        send(friend, stranger.userId());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from direct_conversation where user_low = least(?, ?) and user_high = greatest(?, ?)",
                Integer.class, friend.userId(), stranger.userId(), friend.userId(), stranger.userId()) == 1);

        typing(stranger, Recipient.user(bob.userId()), "composing");
        // Same typist, same partition of courier.commands: once the friend has this one, bob's would be out too.
        typing(stranger, Recipient.user(friend.userId()), "paused");
        assertThat(awaitTyping(friend).state()).isEqualTo("paused");
        assertThat(routedSoFarTo(bob.userId())).as("nothing to bob").isEmpty();
        assertThat(routedSoFarTo(stranger.userId())).as("no error to the stranger").isEmpty();

        send(bob, stranger.userId());
        typing(stranger, Recipient.user(bob.userId()), "composing");
        assertThat(awaitTyping(bob)).isEqualTo(new TypingFrame(stranger.userId(), Recipient.user(bob.userId()),
                "composing"));
    }

    @Test
    void typingToAUserWithoutAnOpenSessionIsDroppedNotQueued() {
        DeviceSession alice = sessionOf(newUser());
        DeviceSession carol = sessionOf(newUser());
        DeviceSession bob = sessionOf(newUser());
        open(carol);
        publish(Topics.SESSIONS, carol.userId(), new SessionClosed(UUID.randomUUID(), Instant.now(), carol, "bye"));
        await().atMost(Duration.ofSeconds(30)).until(() -> isClosed(carol));
        open(bob);
        send(alice, carol.userId());
        send(alice, bob.userId());

        typing(alice, Recipient.user(carol.userId()), "composing");
        // Same sender, same partition of courier.commands: once bob's frame is out, carol's would be too.
        typing(alice, Recipient.user(bob.userId()), "paused");
        assertThat(awaitTyping(bob).state()).isEqualTo("paused");

        assertThat(routedSoFarTo(carol.userId())).isEmpty();
        assertThat(routedSoFarTo(alice.userId())).isEmpty();
    }

    @Test
    void groupTypingReachesTheOtherMembersOpenSessionsButNotTheSenders() {
        DeviceSession alice = sessionOf(newUser());
        DeviceSession aliceLaptop = new DeviceSession(alice.userId(), "laptop", "s-" + UUID.randomUUID(), GATEWAY);
        DeviceSession bob = sessionOf(newUser());
        DeviceSession carol = sessionOf(newUser());
        String group = newGroup(alice.userId(), bob.userId(), carol.userId());
        for (DeviceSession session : List.of(alice, aliceLaptop, bob, carol)) {
            open(session);
        }

        typing(alice, Recipient.group(group), "composing");

        var expected = new TypingFrame(alice.userId(), Recipient.group(group), "composing");
        assertThat(awaitTyping(bob)).isEqualTo(expected);
        assertThat(awaitTyping(carol)).isEqualTo(expected);
        assertThat(routedSoFarTo(alice.userId())).isEmpty();
    }

    @Test
    void groupTypingByANonMemberIsForbidden() {
        DeviceSession mallory = sessionOf(newUser());
        DeviceSession bob = sessionOf(newUser());
        open(bob);
        String group = newGroup(bob.userId(), newUser());

        typing(mallory, Recipient.group(group), "composing");

        ErrorFrame error = awaitError(mallory);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isNull();
        assertThat(routedSoFarTo(bob.userId())).isEmpty();
    }

    @Test
    void typingToAnUnknownUserIsAnsweredNotFoundWithoutRef() {
        DeviceSession alice = sessionOf(newUser());

        typing(alice, Recipient.user("nobody-" + UUID.randomUUID()), "composing");

        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.NOT_FOUND);
        assertThat(error.ref()).isNull();
    }

    /**
     * PROTOCOL.md v1.1 "Blocking", as this service applies its copy of {@code courier.blocks}: alice blocks bob.
     * alice's direct sends to bob are refused (forbidden, ref), bob's to alice go on marked withheld from her, typing
     * between them reaches nobody, group sends are untouched; after the unblock everything is as before.
     */
    @Test
    void aBlockRefusesTheBlockersSendsWithholdsTheBlockedUsersAndDropsTypingUntilTheUnblock() {
        DeviceSession alice = sessionOf(newUser());
        DeviceSession bob = sessionOf(newUser());
        DeviceSession friend = sessionOf(newUser());
        open(alice);
        open(bob);
        open(friend);
        send(alice, bob.userId());
        send(bob, friend.userId());
        probe.awaitRecord(r -> r.value() instanceof SendAuthorized a && a.sender().equals(bob));
        String group = newGroup(alice.userId(), bob.userId());

        publish(Topics.BLOCKS, alice.userId(), new UserBlocked(UUID.randomUUID(), Instant.now(), alice.userId(),
                bob.userId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> blocked(alice, bob));

        SendRequested refused = send(alice, bob.userId());
        ErrorFrame error = awaitError(alice);
        assertThat(error.code()).isEqualTo(ErrorFrame.FORBIDDEN);
        assertThat(error.ref()).isEqualTo(refused.messageId());

        SendRequested withheld = send(bob, alice.userId());
        SendAuthorized stored = awaitAuthorized(withheld);
        assertThat(stored.recipientUserIds()).containsExactly(alice.userId());
        assertThat(stored.withheldFrom()).containsExactly(alice.userId());

        SendRequested inGroup = send(alice, Recipient.group(group));
        assertThat(awaitAuthorized(inGroup).withheldFrom()).as("groups are not affected").isEmpty();
        SendRequested bobInGroup = send(bob, Recipient.group(group));
        assertThat(awaitAuthorized(bobInGroup).recipientUserIds()).containsExactly(alice.userId());
        assertThat(awaitAuthorized(bobInGroup).withheldFrom()).isEmpty();

        typing(bob, Recipient.user(alice.userId()), "composing");
        typing(alice, Recipient.user(bob.userId()), "composing");
        // Same typist, same partition of courier.commands: once the friend has this one, alice's would be out too.
        typing(bob, Recipient.user(friend.userId()), "paused");
        assertThat(awaitTyping(friend).state()).isEqualTo("paused");
        assertThat(routedSoFarTo(alice.userId())).extracting(FrameRouted::frame)
                .as("no typing to alice, and only her own refusal").allMatch(ErrorFrame.class::isInstance);
        assertThat(routedSoFarTo(bob.userId())).as("nothing to bob: not even a hint").isEmpty();

        publish(Topics.BLOCKS, alice.userId(), new UserUnblocked(UUID.randomUUID(), Instant.now(), alice.userId(),
                bob.userId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !blocked(alice, bob));
        assertThat(awaitAuthorized(send(alice, bob.userId())).withheldFrom()).isEmpty();
        assertThat(awaitAuthorized(send(bob, alice.userId())).withheldFrom()).isEmpty();
        typing(bob, Recipient.user(alice.userId()), "composing");
        assertThat(awaitTyping(alice).from()).isEqualTo(bob.userId());
    }

    private boolean blocked(DeviceSession blocker, DeviceSession blocked) {
        return jdbc.queryForObject("select count(*) from blocked_user where blocker_id = ? and blocked_id = ?",
                Integer.class, blocker.userId(), blocked.userId()) == 1;
    }

    private SendAuthorized awaitAuthorized(SendRequested send) {
        return (SendAuthorized) probe.awaitRecord(r -> r.value() instanceof SendAuthorized authorized
                && authorized.messageId().equals(send.messageId())).value();
    }

    private boolean isClosed(DeviceSession session) {
        return jdbc.queryForObject("select count(*) from device_session where session_id = ? and closed_at is not null",
                Integer.class, session.sessionId()) == 1;
    }

    private String openSessionsJson(String userId) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/internal/sessions/" + userId))
                        .header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}

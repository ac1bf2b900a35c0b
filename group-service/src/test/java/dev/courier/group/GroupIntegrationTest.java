package dev.courier.group;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.GroupList;
import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.GroupCreated;
import dev.courier.contracts.events.MemberAdded;
import dev.courier.contracts.events.MemberRemoved;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * group-service against real PostgreSQL and Kafka. A JDK HTTP server stands in for auth-service's user lookup;
 * tokens are signed with a key made here. The group limit is set to 5 so that it can be reached.
 */
@Import(TestTokens.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "courier.group.max-members=5",
        // The relay runs when a change commits: its schedule, here once at start-up, plays no part in the events.
        "courier.group.outbox.relay-interval=1h",
        "courier.group.instance-id=group-test"})
class GroupIntegrationTest implements RealInfrastructure {

    private static final String INSTANCE = "group-test";
    /** Users the stand-in auth-service knows: active ones, deactivated ones, and ones whose lookup fails. */
    private static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final Set<String> DEACTIVATED = ConcurrentHashMap.newKeySet();
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static final HttpServer AUTH = startAuth();

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafkaBootstrapServers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private RestTestClient http;

    @DynamicPropertySource
    static void authService(DynamicPropertyRegistry registry) {
        registry.add("courier.group.auth-url", () -> "http://localhost:" + AUTH.getAddress().getPort());
    }

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void answersHealthAndReadiness() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            http.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body).contains("\"UP\""));
        }
    }

    /** Issue 23: the public calls in this service's OpenAPI document (springdoc), for the gateway to merge. */
    @Test
    void documentsItsPublicCallsButNotTheInternalOnes() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("\"/api/groups\"", "\"/api/groups/{groupId}/members\"")
                        .doesNotContain("/internal/", "/actuator"));
    }

    @Test
    void createsAGroupWhoseCreatorIsItsAdmin() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();

        GroupView group = http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Climbing", "members", List.of(bob, cid, bob, ann), "unknownField", 1))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/api/groups/"))
                .expectBody(GroupView.class).returnResult().getResponseBody();

        assertThat(group.groupId()).isNotBlank();
        assertThat(group.name()).isEqualTo("Climbing");
        assertThat(group.members()).containsExactlyInAnyOrder(admin(ann), member(bob), member(cid));
        assertThat(get(group.groupId(), bob)).isEqualTo(group);
    }

    @Test
    void onlyMembersSeeAGroupAndUnknownGroupsAre404() {
        String ann = newUser();
        String groupId = create(ann, "Private", List.of()).groupId();

        expectProblem(http.get().uri("/api/groups/" + groupId).header(HttpHeaders.AUTHORIZATION, bearer(newUser()))
                .exchange(), 403);
        expectProblem(http.get().uri("/api/groups/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange(), 404);
        expectProblem(http.get().uri("/api/groups/not-a-group").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .exchange(), 404);
        http.get().uri("/api/groups/" + groupId).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/groups/" + groupId).header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refusesBadCreateRequestsWithAProblemDetail() {
        String ann = newUser();
        Map<String, Object> noName = new HashMap<>();
        noName.put("members", List.of());

        expectBadCreate(ann, Map.of("name", "", "members", List.of()));
        expectBadCreate(ann, Map.of("name", "   ", "members", List.of()));
        expectBadCreate(ann, noName);
        expectBadCreate(ann, Map.of("name", "x".repeat(101), "members", List.of()));
        expectBadCreate(ann, Map.of("name", "Fine", "members", List.of("")));
        expectBadCreate(ann, Map.of("name", "Fine", "members", "not-a-list"));
        expectBadCreate(ann, "{\"name\": ");
        assertThat(create(ann, "x".repeat(100), List.of()).members()).containsExactly(admin(ann));
    }

    @Test
    void moreMembersThanTheLimitIs400AndWritesNothing() {
        String ann = newUser();
        List<String> five = List.of(newUser(), newUser(), newUser(), newUser(), newUser());
        String name = "Too big " + UUID.randomUUID();

        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", five))
                .exchange(), 400)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("at most 5 members"));

        assertNothingWrittenFor(name);
        // Creator plus four is the limit; a fifth member cannot join later.
        GroupView full = create(ann, "Just right", five.subList(0, 4));
        assertThat(full.members()).hasSize(5);
        expectProblem(addMember(full.groupId(), ann, five.get(4)), 400);
        assertThat(get(full.groupId(), ann).members()).hasSize(5);
    }

    @Test
    void anUnknownOrDeactivatedUserIs404AndWritesNothing() {
        String ann = newUser();
        String stranger = UUID.randomUUID().toString();
        String gone = UUID.randomUUID().toString();
        DEACTIVATED.add(gone);
        String name = "Unknown " + UUID.randomUUID();

        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", List.of(newUser(), stranger)))
                .exchange(), 404)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains(stranger));
        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", List.of(gone)))
                .exchange(), 404);
        // Not even an id: no user, not an outage of auth-service (which would be 503).
        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", List.of("not an id")))
                .exchange(), 404);
        // A string no database can hold is refused as it is read (strict JSON, issue 19).
        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", List.of("not\u0000an id")))
                .exchange(), 400);

        assertNothingWrittenFor(name);
    }

    @Test
    void whenAuthServiceCannotAnswerTheRequestIs503AndWritesNothing() {
        String ann = newUser();
        String unlucky = UUID.randomUUID().toString();
        FAILING.add(unlucky);
        String name = "Outage " + UUID.randomUUID();

        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", List.of(unlucky)))
                .exchange(), 503);

        assertNothingWrittenFor(name);
    }

    @Test
    void onlyAdminsAddAndRemoveOthers() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        String eve = newUser();
        String groupId = create(ann, "Admins only", List.of(bob)).groupId();

        expectProblem(addMember(groupId, bob, cid), 403);
        expectProblem(addMember(groupId, eve, cid), 403);
        expectProblem(addMember(UUID.randomUUID().toString(), ann, cid), 404);
        expectProblem(addMember(groupId, ann, UUID.randomUUID().toString()), 404);
        expectProblem(removeMember(groupId, bob, ann), 403);
        expectProblem(removeMember(groupId, eve, bob), 403);
        assertThat(get(groupId, ann).members()).containsExactlyInAnyOrder(admin(ann), member(bob));

        addMember(groupId, ann, cid).expectStatus().isOk()
                .expectBody(GroupView.class).value(group -> assertThat(group.members())
                        .containsExactlyInAnyOrder(admin(ann), member(bob), member(cid)));
        addMember(groupId, ann, cid).expectStatus().isOk()
                .expectBody(GroupView.class).value(group -> assertThat(group.members()).hasSize(3));
        removeMember(groupId, ann, bob).expectStatus().isNoContent();
        expectProblem(removeMember(groupId, ann, bob), 404);
        expectProblem(http.get().uri("/api/groups/" + groupId).header(HttpHeaders.AUTHORIZATION, bearer(bob))
                .exchange(), 403);
        assertThat(get(groupId, cid).members()).containsExactlyInAnyOrder(admin(ann), member(cid));
    }

    @Test
    void membersLeaveAndTheLongestStandingBecomesAdminWhenTheLastAdminLeaves() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        String groupId = create(ann, "Leavers", List.of(bob)).groupId();
        addMember(groupId, ann, cid).expectStatus().isOk();

        removeMember(groupId, ann, ann).expectStatus().isNoContent();

        assertThat(get(groupId, cid).members()).containsExactly(admin(bob), member(cid));
        removeMember(groupId, cid, cid).expectStatus().isNoContent();
        assertThat(get(groupId, bob).members()).containsExactly(admin(bob));
        removeMember(groupId, bob, bob).expectStatus().isNoContent();
        // Nobody left: the group still exists, but nobody may see it.
        expectProblem(http.get().uri("/api/groups/" + groupId).header(HttpHeaders.AUTHORIZATION, bearer(bob))
                .exchange(), 403);
    }

    @Test
    void listsTheCallersGroups() {
        String ann = newUser();
        String bob = newUser();
        GroupView first = create(ann, "First", List.of(bob));
        GroupView second = create(ann, "Second", List.of());

        assertThat(mine(ann).groups()).containsExactly(first, second);
        assertThat(mine(bob).groups()).containsExactly(first);
        assertThat(mine(newUser()).groups()).isEmpty();
    }

    @Test
    void publishesMembershipChangesInOrderKeyedByGroupId() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        String groupId = create(ann, "Events", List.of(bob)).groupId();
        addMember(groupId, ann, cid).expectStatus().isOk();
        removeMember(groupId, ann, bob).expectStatus().isNoContent();

        List<CourierEvent> events = awaitEvents(groupId, 3);

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(GroupCreated.class, created -> {
            assertThat(created.groupId()).isEqualTo(groupId);
            assertThat(created.name()).isEqualTo("Events");
            assertThat(created.createdBy()).isEqualTo(ann);
            assertThat(created.members()).containsExactly(ann, bob);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(MemberAdded.class, added -> {
            assertThat(added.userId()).isEqualTo(cid);
            assertThat(added.addedBy()).isEqualTo(ann);
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(MemberRemoved.class, removed -> {
            assertThat(removed.userId()).isEqualTo(bob);
            assertThat(removed.removedBy()).isEqualTo(ann);
        });
        assertThat(events).extracting(CourierEvent::eventId).doesNotHaveDuplicates().doesNotContainNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from group_event_outbox where group_id = ?::uuid and published_at is null",
                Integer.class, groupId) == 0);
    }

    @Test
    void theInternalLookupServesMembersFromTheCacheAndDropsThemOnAMembershipEvent() {
        String ann = newUser();
        String bob = newUser();
        String cid = newUser();
        String groupId = create(ann, "Lookups", List.of(bob)).groupId();
        await().atMost(Duration.ofSeconds(30)).until(() -> !Objects.requireNonNull(
                listeners.getListenerContainer("group-cache-evictions")).getAssignedPartitions().isEmpty());

        double misses = lookups("miss");
        assertThat(lookup(groupId).members()).containsExactlyInAnyOrder(ann, bob);
        assertThat(lookups("miss")).isEqualTo(misses + 1);
        assertThat(lookup(groupId).admins()).containsExactly(ann);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            double hits = lookups("hit");
            assertThat(lookup(groupId).members()).containsExactlyInAnyOrder(ann, bob);
            assertThat(lookups("hit")).isEqualTo(hits + 1);
        });

        addMember(groupId, ann, cid).expectStatus().isOk();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(lookup(groupId).members()).containsExactlyInAnyOrder(ann, bob, cid));
        http.get().uri("/internal/groups/" + UUID.randomUUID() + "/members").header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE).exchange().expectStatus().isNotFound();
        http.get().uri("/internal/groups/not-a-group/members").header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE).exchange().expectStatus().isNotFound();
    }

    private GroupMembers lookup(String groupId) {
        GroupMembers members = http.get().uri("/internal/groups/" + groupId + "/members").header(dev.courier.testkit.TestServiceToken.HEADER, dev.courier.testkit.TestServiceToken.VALUE)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Courier-Served-By", INSTANCE)
                .expectBody(GroupMembers.class).returnResult().getResponseBody();
        assertThat(members.groupId()).isEqualTo(groupId);
        assertThat(members.servedBy()).isEqualTo(INSTANCE);
        return members;
    }

    private double lookups(String outcome) {
        return meters.counter("courier.group.lookups", "instance", INSTANCE, "outcome", outcome).count();
    }

    private GroupView create(String caller, String name, List<String> members) {
        return http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "members", members))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(GroupView.class).returnResult().getResponseBody();
    }

    private GroupView get(String groupId, String caller) {
        return http.get().uri("/api/groups/" + groupId).header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .exchange()
                .expectStatus().isOk()
                .expectBody(GroupView.class).returnResult().getResponseBody();
    }

    private GroupList mine(String caller) {
        return http.get().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .exchange()
                .expectStatus().isOk()
                .expectBody(GroupList.class).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec addMember(String groupId, String caller, String userId) {
        return http.post().uri("/api/groups/" + groupId + "/members").header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("userId", userId))
                .exchange();
    }

    private RestTestClient.ResponseSpec removeMember(String groupId, String caller, String userId) {
        return http.delete().uri("/api/groups/" + groupId + "/members/" + userId)
                .header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .exchange();
    }

    private void expectBadCreate(String caller, Object body) {
        expectProblem(http.post().uri("/api/groups").header(HttpHeaders.AUTHORIZATION, bearer(caller))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange(), 400);
    }

    private static RestTestClient.BodyContentSpec expectProblem(
            RestTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status);
    }

    private void assertNothingWrittenFor(String groupName) {
        assertThat(jdbc.queryForObject("select count(*) from chat_group where name = ?", Integer.class, groupName))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from group_event_outbox where payload ->> 'name' = ?",
                Integer.class, groupName)).isZero();
    }

    private List<CourierEvent> awaitEvents(String groupId, int count) {
        var properties = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "group-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new CourierEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.GROUPS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<CourierEvent> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (groupId.equals(record.key())) {
                        found.add(record.value());
                    }
                }
                return found.size() >= count;
            });
            return found;
        }
    }

    private static GroupView.Member admin(String userId) {
        return new GroupView.Member(userId, GroupView.Member.ADMIN);
    }

    private static GroupView.Member member(String userId) {
        return new GroupView.Member(userId, GroupView.Member.MEMBER);
    }

    private static String newUser() {
        String userId = UUID.randomUUID().toString();
        ACTIVE.add(userId);
        return userId;
    }

    private static String bearer(String userId) {
        return "Bearer " + TestTokens.token(userId);
    }

    /** auth-service's {@code GET /internal/users/{userId}}: 200 with {@code active}, 404 unknown, 500 failing. */
    private static HttpServer startAuth() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/users/", GroupIntegrationTest::answerUserLookup);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answerUserLookup(HttpExchange exchange) throws IOException {
        String userId = exchange.getRequestURI().getPath().substring("/internal/users/".length());
        int status;
        String body = "";
        if (FAILING.contains(userId)) {
            status = 500;
        } else if (ACTIVE.contains(userId) || DEACTIVATED.contains(userId)) {
            status = 200;
            body = "{\"userId\":\"" + userId + "\",\"phone\":\"+15550000000\",\"displayName\":\"Test\",\"active\":"
                    + ACTIVE.contains(userId) + "}";
        } else {
            status = 404;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}

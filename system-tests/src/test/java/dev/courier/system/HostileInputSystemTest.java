package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.TypingFrame;
import dev.courier.stack.CourierStack;
import dev.courier.stack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input at every door: {@code /ws} and each REST endpoint of PROTOCOL.md get malformed JSON, huge strings,
 * deep nesting, wrong types, unicode edge cases and null bytes. Nothing answers 5xx, no answer shows a stack trace,
 * the socket answers a ping after every bad frame, and every service process is still the same one at the end.
 */
@Order(51)
class HostileInputSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String MIB_STRING = "x".repeat(1024 * 1024);
    static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);
    static final String DEEP_OBJECTS = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    /** What only a stack trace or an exception dump would put in a body. */
    static final List<String> STACK_TRACE_MARKS = List.of("Exception", "at dev.courier", "at org.", "at java.",
            "\tat ", "Caused by");

    static CourierStack stack;
    static CourierClient client;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static TestUser alice;
    static TestUser bob;
    static Map<String, Long> pids = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        stack = SystemStack.shared();
        client = new CourierClient(stack.gatewayUrl(1));
        alice = TestUser.register(client, "Alice");
        bob = TestUser.register(client, "Bob");
        stack.processes().forEach(process -> pids.put(process.name(), process.pid()));
    }

    @AfterAll
    static void everyServiceIsStillTheSameLiveProcess() {
        for (ServiceProcess process : stack.processes()) {
            assertThat(process.isAlive()).as(process.name() + " alive").isTrue();
            if (pids.containsKey(process.name())) {
                assertThat(process.pid()).as(process.name() + " did not restart").isEqualTo(pids.get(process.name()));
            }
        }
    }

    @Test
    void everyBadFrameGetsAnErrorAndTheSocketStillAnswersAPing() {
        String bobId = bob.userId();
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("malformed JSON", "{\"type\":\"send\",");
        frames.put("empty", "");
        frames.put("only whitespace", " \n\t ");
        frames.put("a JSON string", "\"ping\"");
        frames.put("60 KiB text", send("h-1", "{\"user\":\"" + bobId + "\"}", "{\"text\":\"" + "x".repeat(60_000) + "\"}"));
        frames.put("60 KiB type", "{\"type\":\"" + "t".repeat(60_000) + "\"}");
        frames.put("60 KiB id", send("i".repeat(60_000), "{\"user\":\"" + bobId + "\"}", "{\"text\":\"hi\"}"));
        frames.put("10,000 nested arrays", DEEP);
        frames.put("10,000 nested objects", DEEP_OBJECTS);
        frames.put("deep recipient", send("h-2", DEEP, "{\"text\":\"hi\"}"));
        frames.put("wrong types", "{\"type\":\"send\",\"id\":{\"a\":1},\"to\":\"bob\",\"body\":[1,2]}");
        frames.put("type is a number", "{\"type\":42}");
        frames.put("receipt ids of objects", "{\"type\":\"receipt\",\"status\":\"read\",\"messageIds\":[{},[],null,1]}");
        frames.put("huge number", "{\"type\":\"send\",\"id\":" + "9".repeat(5_000) + "}");
        frames.put("1e999999", "{\"type\":\"send\",\"id\":1e999999}");
        frames.put("lone surrogates", send("\\ud800", "{\"user\":\"\\udc00\"}", "{\"text\":\"\\ud83d\"}"));
        frames.put("bidi and BOM", send("h-3", "{\"user\":\"\\u202e" + bobId + "\"}", "{\"text\":\"\\ufeff\"}"));
        frames.put("escaped null bytes", send("a\\u0000b", "{\"user\":\"" + bobId + "\\u0000\"}",
                "{\"text\":\"hi\\u0000there\"}"));
        frames.put("null byte in text only", send("h-4", "{\"user\":\"" + bobId + "\"}", "{\"text\":\"\\u0000\"}"));
        frames.put("raw null byte", "{\"type\":\"ping\u0000\"}");
        frames.put("raw control characters", "{\"type\":\"send\u0001\u0002\u001f\"}");
        frames.put("duplicate keys", "{\"type\":\"ping\",\"type\":\"send\"}");
        frames.put("trailing garbage", "{\"type\":\"ping\"} {\"type\":\"ping\"}");
        frames.put("system body", send("h-5", "{\"user\":\"" + bobId + "\"}",
                "{\"system\":{\"event\":\"disappearing\",\"seconds\":1}}"));
        frames.put("group and user", send("h-6", "{\"user\":\"" + bobId + "\",\"group\":\"g\"}", "{\"text\":\"hi\"}"));
        frames.put("300 presence subscriptions", "{\"type\":\"subscribe_presence\",\"users\":["
                + "\"u\",".repeat(299) + "\"u\"]}");

        List<String> problems = new ArrayList<>();
        try (CourierConnection socket = alice.connect(client)) {
            for (var frame : frames.entrySet()) {
                int errors = socket.frames(ErrorFrame.class).size();
                int pongs = socket.frames(PongFrame.class).size();
                socket.sendRaw(frame.getValue());
                try {
                    socket.awaitFrame(ErrorFrame.class, e -> socket.frames(ErrorFrame.class).size() > errors, WAIT);
                    socket.ping();
                    socket.awaitFrame(PongFrame.class, p -> socket.frames(PongFrame.class).size() > pongs, WAIT);
                } catch (AssertionError e) {
                    problems.add(frame.getKey() + ": " + e.getMessage());
                }
                if (!socket.isOpen()) {
                    problems.add(frame.getKey() + ": closed the socket");
                    break;
                }
            }
            socket.frames().forEach(received -> noStackTrace("ws", received.text(), problems));
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Findings 11 and 14 end to end: a stranger who sends with another sender's message id gets {@code error invalid}
     * with that ref and the recipient sees the id once; a stranger's typing reaches nobody it shares no
     * conversation with.
     */
    @Test
    void aStrangerCannotReuseAnotherSendersIdNorMakeAScreenSayTyping() {
        TestUser ann = TestUser.register(client, "Ann");
        TestUser ben = TestUser.register(client, "Ben");
        TestUser stranger = TestUser.register(client, "Stranger");
        try (CourierConnection annSocket = ann.connect(client); CourierConnection benSocket = ben.connect(client);
             CourierConnection strangerSocket = stranger.connect(client)) {
            String id = "m-" + java.util.UUID.randomUUID();
            annSocket.sendText(id, ben.userId(), "from Ann");
            benSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);

            strangerSocket.sendText(id, ben.userId(), "not from Ann");
            ErrorFrame refused = strangerSocket.awaitFrame(ErrorFrame.class, e -> id.equals(e.ref()), WAIT);
            assertThat(refused.code()).isEqualTo(ErrorFrame.INVALID);
            String own = strangerSocket.sendText(ben.userId(), "hello Ben");
            benSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(own), WAIT);
            assertThat(benSocket.frames(MessageFrame.class)).filteredOn(m -> m.id().equals(id))
                    .singleElement().satisfies(m -> assertThat(m.from()).isEqualTo(ann.userId()));

            strangerSocket.typing(ann.userId(), "composing");
            strangerSocket.typing(ben.userId(), "composing"); // they share a conversation now: it goes through
            benSocket.awaitFrame(TypingFrame.class, t -> t.from().equals(stranger.userId()), WAIT);
            annSocket.ping();
            annSocket.awaitFrame(PongFrame.class, p -> true, WAIT);
            assertThat(annSocket.frames(TypingFrame.class)).as("no typing from a stranger").isEmpty();
        }
    }

    @Test
    void aMebibyteFrameClosesOnlyItsSocketWith1009() throws Exception {
        TestUser user = alice.anotherDevice(client);
        try (CourierConnection socket = user.connect(client)) {
            socket.sendRaw("{\"type\":\"send\",\"id\":\"big\",\"body\":{\"text\":\"" + MIB_STRING + "\"}}");
            assertThat(socket.closeCode().get(30, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        try (CourierConnection again = user.connect(client)) {
            again.ping();
            again.awaitFrame(PongFrame.class, p -> true, WAIT);
        }
    }

    @Test
    void noRestEndpointAnswers5xxOrAStackTraceToHostileBodies() {
        TestUser victim = TestUser.register(client, "Victim");
        String group = client.createGroup(alice.token(), "Hostile", List.of(bob.userId())).groupId();
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/auth/register", null, List.of("phone", "password", "displayName")),
                new Endpoint("POST", "/api/auth/login", null, List.of("phone", "password", "deviceId")),
                new Endpoint("POST", "/api/auth/refresh", null, List.of("refreshToken")),
                new Endpoint("GET", "/api/users/" + bob.userId(), alice.token(), List.of()),
                new Endpoint("GET", "/api/users?phone=" + bob.phone().replace("+", "%2B"), alice.token(), List.of()),
                new Endpoint("POST", "/api/groups", alice.token(), List.of("name", "members")),
                new Endpoint("GET", "/api/groups/" + group, alice.token(), List.of()),
                new Endpoint("GET", "/api/groups", alice.token(), List.of()),
                new Endpoint("POST", "/api/groups/" + group + "/members", alice.token(), List.of("userId")),
                new Endpoint("DELETE", "/api/groups/" + group + "/members/" + bob.userId(), bob.token(), List.of()),
                new Endpoint("GET", "/api/conversations/" + group + "/messages?limit=5", alice.token(), List.of()),
                new Endpoint("PUT", "/api/conversations/" + group + "/disappearing", alice.token(), List.of("seconds")),
                new Endpoint("GET", "/api/presence/" + bob.userId(), alice.token(), List.of()),
                new Endpoint("PUT", "/api/me/privacy", alice.token(), List.of("lastSeen")),
                new Endpoint("POST", "/api/media", alice.token(), List.of("file")),
                new Endpoint("GET", "/api/media/unknown", alice.token(), List.of()),
                new Endpoint("GET", "/api/media/unknown/thumbnail", alice.token(), List.of()),
                new Endpoint("POST", "/api/auth/logout", victim.token(), List.of()),
                new Endpoint("DELETE", "/api/me", victim.token(), List.of()));

        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (var body : hostileBodies(endpoint.fields()).entrySet()) {
                check(endpoint.method(), endpoint.path(), endpoint.token(), "application/json", body.getValue(),
                        endpoint.path() + " with " + body.getKey(), problems);
            }
            check(endpoint.method(), endpoint.path(), endpoint.token(), "text/plain", "\u0000\u0001 not json",
                    endpoint.path() + " as text/plain", problems);
            check(endpoint.method(), endpoint.path(), endpoint.token(), "multipart/form-data; boundary=x",
                    "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u0000.png\"\r\n\r\n"
                            + MIB_STRING + "\r\n--x--\r\n", endpoint.path() + " as a multipart of text", problems);
        }
        for (String bad : List.of("%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(5_000), "%F0%9F%98%80", "'%20OR%201=1",
                "%E2%80%AE", "-1", "null", "%ZZ", "%C0%AF", ";", "%0d%0aX-Injected:%201")) {
            for (String path : List.of("/api/users/" + bad, "/api/groups/" + bad, "/api/groups/" + bad + "/members",
                    "/api/conversations/" + bad + "/messages", "/api/presence/" + bad, "/api/media/" + bad,
                    "/api/media/" + bad + "/thumbnail", "/api/users?phone=" + bad,
                    "/api/conversations/" + group + "/messages?limit=" + bad + "&beforeSeq=" + bad)) {
                String method = path.endsWith("/members") ? "POST" : "GET";
                check(method, path, alice.token(), "application/json", "{\"userId\":\"" + bad + "\"}",
                        method + " " + abbreviated(path), problems);
            }
        }
        for (String header : List.of("Bearer " + "A".repeat(10_000), "Bearer a.b.c", "Bearer ..", "Basic Zm9vOmJhcg==",
                "Bearer " + alice.token() + "x", "bearer", "Bearer eyJhbGciOiJub25lIn0.e30.")) {
            check("GET", "/api/groups", null, "application/json", null, "Authorization " + abbreviated(header),
                    problems, "Authorization", header);
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Issue 19's hostile review, the rows that show end to end: each gives the fixed answer now, through the gateway
     * like any client (and straight at a service for /internal).
     */
    @Test
    void theHostileReviewsFindingsGiveTheFixedAnswers() throws Exception {
        List<String> problems = new ArrayList<>();
        String thirtyMebibytes = "x".repeat(30 * 1024 * 1024);
        // 1: a 30 MB body is refused before anyone reads it, by the gateway and by the service behind it.
        expect(problems, "register with a 30 MB displayName", 413, "POST", "/api/auth/register", null,
                "{\"phone\":\"" + TestUser.unusedPhone() + "\",\"password\":\"secret-1\",\"displayName\":\""
                        + thirtyMebibytes + "\"}");
        expect(problems, "PATCH /api/me with a 30 MB about", 413, "PATCH", "/api/me", alice.token(),
                "{\"about\":\"" + thirtyMebibytes + "\"}");
        expect(problems, "a 100 KB JSON body", 413, "PUT", "/api/me/privacy", alice.token(),
                "{\"lastSeen\":\"" + "x".repeat(100_000) + "\"}");
        // 6: the display name follows PATCH /api/me's rules at registration too.
        for (String name : List.of("a\\u0000b", "two\\nlines", "\\u202eevil", "\\u200b\\u200b")) {
            expect(problems, "displayName " + name, 400, "POST", "/api/auth/register", null,
                    "{\"phone\":\"" + TestUser.unusedPhone() + "\",\"password\":\"secret-1\",\"displayName\":\""
                            + name + "\"}");
        }
        // 12: no coercion, no duplicate keys, no unpaired surrogate.
        String chat = client.createGroup(alice.token(), "Strict", List.of(bob.userId())).groupId();
        for (String body : List.of("{\"seconds\":\"604800\"}", "{\"seconds\":86400.9}",
                "{\"seconds\":0,\"seconds\":86400}")) {
            expect(problems, "disappearing " + body, 400, "PUT", "/api/conversations/" + chat + "/disappearing",
                    alice.token(), body);
        }
        expect(problems, "an unpaired surrogate", 400, "PATCH", "/api/me", alice.token(), "{\"about\":\"a\\ud800b\"}");
        // 9: nothing of actuator on the clients' port.
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/env")) {
            expect(problems, path, 404, "GET", path, null, null);
        }
        // 13: /internal answers no stranger, straight at the service either.
        URI auth = stack.process("auth-service").url();
        HttpResponse<String> internal = http.send(HttpRequest.newBuilder(
                auth.resolve("/internal/users/" + bob.userId())).build(), HttpResponse.BodyHandlers.ofString());
        if (internal.statusCode() != 401 || internal.body().contains(bob.phone())) {
            problems.add("/internal/users without the service token: " + internal.statusCode() + " " + internal.body());
        }
        expect(problems, "/internal through the gateway", 404, "GET", "/internal/users/" + bob.userId(),
                alice.token(), null);
        // 8: the web app's security headers.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl(1) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'")
                || !page.headers().firstValue("X-Content-Type-Options").orElse("").equals("nosniff")) {
            problems.add("web app headers: " + page.headers().map());
        }
        assertThat(problems).isEmpty();
    }

    private static void expect(List<String> problems, String description, int status, String method, String path,
                               String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl(1) + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            problems.add(description + ": " + response.statusCode() + " instead of " + status + " "
                    + abbreviated(response.body()));
        } else if (status >= 400 && status != 404
                && !response.headers().firstValue("Content-Type").orElse("").contains("problem+json")) {
            problems.add(description + ": not a ProblemDetail");
        }
    }

    record Endpoint(String method, String path, String token, List<String> fields) {
    }

    /** Bodies a fuzzer sends to a JSON endpoint whose record has these fields. */
    private static Map<String, String> hostileBodies(List<String> fields) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", "{\"" + (fields.isEmpty() ? "a" : fields.getFirst()) + "\":");
        bodies.put("empty body", "");
        bodies.put("JSON null", "null");
        bodies.put("an array", "[1,2,3]");
        bodies.put("10,000 nested arrays", DEEP);
        bodies.put("10,000 nested objects", DEEP_OBJECTS);
        bodies.put("1 MiB strings", object(fields, field -> "\"" + MIB_STRING + "\""));
        bodies.put("wrong types", object(fields, field -> "{\"x\":[1,{}]}"));
        bodies.put("numbers", object(fields, field -> "1e999999"));
        bodies.put("huge integers", object(fields, field -> "9".repeat(2_000)));
        bodies.put("nulls", object(fields, field -> "null"));
        bodies.put("unicode edge cases", object(fields, field -> "\"\\ud800\\u202e\\ufeff\\u200b😀\\uffff\""));
        bodies.put("null bytes", object(fields, field -> "\"a\\u0000b\""));
        bodies.put("raw null byte", object(fields, field -> "\"a\u0000b\""));
        bodies.put("duplicate keys", "{" + fields.stream().map(field -> "\"" + field + "\":1,\"" + field + "\":\"x\"")
                .collect(Collectors.joining(",")) + "}");
        return bodies;
    }

    private static String object(List<String> fields, java.util.function.Function<String, String> value) {
        List<String> names = fields.isEmpty() ? List.of("anything") : fields;
        return "{" + names.stream().map(field -> "\"" + field + "\":" + value.apply(field))
                .collect(Collectors.joining(",")) + "}";
    }

    private static void check(String method, String path, String token, String contentType, String body,
                              String description, List<String> problems, String... headers) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl(1) + path)).timeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            return; // not even a URI: no client can send it
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                problems.add(description + ": " + response.statusCode() + " " + abbreviated(response.body()));
            }
            noStackTrace(description, response.body(), problems);
        } catch (IOException e) {
            problems.add(description + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void noStackTrace(String description, String body, List<String> problems) {
        if (body == null) {
            return;
        }
        for (String mark : STACK_TRACE_MARKS) {
            if (body.contains(mark)) {
                problems.add(description + ": answer shows \"" + mark + "\": " + abbreviated(body));
            }
        }
    }

    private static String send(String id, String to, String body) {
        return "{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":" + to + ",\"body\":" + body + "}";
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}

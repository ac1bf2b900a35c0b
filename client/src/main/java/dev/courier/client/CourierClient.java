package dev.courier.client;

import dev.courier.contracts.api.AddMemberRequest;
import dev.courier.contracts.api.BlockedUsers;
import dev.courier.contracts.api.CreateGroupRequest;
import dev.courier.contracts.api.GroupList;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.LoginRequest;
import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.api.MessageReceipts;
import dev.courier.contracts.api.MyProfile;
import dev.courier.contracts.api.PresenceView;
import dev.courier.contracts.api.PrivacySettings;
import dev.courier.contracts.api.RefreshRequest;
import dev.courier.contracts.api.RegisterRequest;
import dev.courier.contracts.api.RegisterResponse;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.api.UserView;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Courier's public contract (PROTOCOL.md) from Java: the REST calls under {@code /api} and WebSocket connections
 * to {@code /ws}, all through one gateway base URL. Thread-safe; one instance can serve many users.
 */
public final class CourierClient {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI baseUrl;
    private final HttpClient http;

    public CourierClient(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Registers a user and answers its id. */
    public String register(String phone, String password, String displayName) {
        return expect(post("/api/auth/register", new RegisterRequest(phone, password, displayName), null), 201,
                RegisterResponse.class).userId();
    }

    /** Logs in as a new device. */
    public TokenResponse login(String phone, String password) {
        return login(phone, password, null);
    }

    public TokenResponse login(String phone, String password, String deviceId) {
        return expect(post("/api/auth/login", new LoginRequest(phone, password, deviceId), null), 200,
                TokenResponse.class);
    }

    public TokenResponse refresh(String refreshToken) {
        return expect(post("/api/auth/refresh", new RefreshRequest(refreshToken), null), 200, TokenResponse.class);
    }

    public UserView user(String accessToken, String userId) {
        return expect(get("/api/users/" + userId, accessToken), 200, UserView.class);
    }

    /** Creates a group with the caller as its admin. */
    public GroupView createGroup(String accessToken, String name, List<String> members) {
        return expect(post("/api/groups", new CreateGroupRequest(name, members), accessToken), 201, GroupView.class);
    }

    public GroupView group(String accessToken, String groupId) {
        return expect(get("/api/groups/" + groupId, accessToken), 200, GroupView.class);
    }

    public GroupList groups(String accessToken) {
        return expect(get("/api/groups", accessToken), 200, GroupList.class);
    }

    /** Adds a member (admins only); answers whatever came back, so callers can check refusals. */
    public ApiResponse addMember(String accessToken, String groupId, String userId) {
        return post("/api/groups/" + groupId + "/members", new AddMemberRequest(userId), accessToken);
    }

    /** Removes a member (admins), or leaves (the caller's own id). */
    public ApiResponse removeMember(String accessToken, String groupId, String userId) {
        return delete("/api/groups/" + groupId + "/members/" + userId, accessToken);
    }

    /** Whether a user is online and when it was last seen, as the caller may see it. */
    public PresenceView presence(String accessToken, String userId) {
        return expect(get("/api/presence/" + userId, accessToken), 200, PresenceView.class);
    }

    /** A user found by phone number ({@code GET /api/users?phone=}), as the caller may see it. */
    public UserView userByPhone(String accessToken, String phone) {
        return expect(get("/api/users?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8), accessToken), 200,
                UserView.class);
    }

    /** The caller's own profile ({@code GET /api/me}), every field. */
    public MyProfile me(String accessToken) {
        return expect(get("/api/me", accessToken), 200, MyProfile.class);
    }

    /**
     * Changes the caller's profile ({@code PATCH /api/me}, a JSON merge patch): the fields in {@code changes} are set,
     * a null value clears one (a {@link java.util.HashMap} can hold it), the others stay. Answers the profile after
     * the change.
     */
    public MyProfile updateProfile(String accessToken, java.util.Map<String, ?> changes) {
        return expect(patchProfile(accessToken, changes), 200, MyProfile.class);
    }

    /** {@code PATCH /api/me} with {@code body} (a map or record, or a String taken as raw JSON); answers whatever came back. */
    public ApiResponse patchProfile(String accessToken, Object body) {
        String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
        return send(request("/api/me", accessToken)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Sets any of the caller's privacy settings ({@code PUT /api/me/privacy}): null fields of {@code settings} stay
     * as they are. Answers whatever came back.
     */
    public ApiResponse setPrivacy(String accessToken, PrivacySettings settings) {
        return send(request("/api/me/privacy", accessToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(settings))));
    }

    /** The caller's privacy settings ({@code GET /api/me/privacy}). */
    public PrivacySettings privacy(String accessToken) {
        return expect(get("/api/me/privacy", accessToken), 200, PrivacySettings.class);
    }

    /** Sets who may see the caller's last seen; answers whatever came back. */
    public ApiResponse setLastSeenPrivacy(String accessToken, String visibility) {
        return send(request("/api/me/privacy", accessToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new PrivacySettings(visibility)))));
    }

    /**
     * Uploads an image ({@code POST /api/media}, multipart field {@code file}); answers whatever came back, so callers
     * can read the 201 body ({@code MediaUploaded}) or check a 413/415 refusal.
     */
    public ApiResponse uploadMedia(String accessToken, String fileName, String contentType, byte[] bytes) {
        String boundary = "courier-" + java.util.UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return send(request("/api/media", accessToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, bytes, tail))));
    }

    /** Downloads an image or its thumbnail ({@code /api/media/{id}[/thumbnail]}): status, headers and bytes. */
    public HttpResponse<byte[]> downloadMedia(String accessToken, String path, String... headers) {
        HttpRequest.Builder builder = request(path, accessToken).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets a conversation's disappearing-messages timer ({@code PUT /api/conversations/{id}/disappearing}): 0 (off),
     * 86400, 604800 or 7776000 seconds. Answers whatever came back (204 on success, else a ProblemDetail).
     */
    public ApiResponse setDisappearing(String accessToken, String conversationId, long seconds) {
        return put("/api/conversations/" + conversationId + "/disappearing", "{\"seconds\":" + seconds + "}",
                accessToken);
    }

    public MessageHistory history(String accessToken, String conversationId, Long beforeSeq, int limit) {
        String query = "?limit=" + limit + (beforeSeq == null ? "" : "&beforeSeq=" + beforeSeq);
        return expect(get("/api/conversations/" + conversationId + "/messages" + query, accessToken), 200,
                MessageHistory.class);
    }

    /**
     * Message info ({@code GET /api/conversations/{id}/messages/{messageId}/receipts}): when each recipient got and
     * read a message the caller sent. Anything but 200 (403 not the sender, 404 unknown) is a
     * {@link CourierApiException}.
     */
    public MessageReceipts messageReceipts(String accessToken, String conversationId, String messageId) {
        return expect(get("/api/conversations/" + conversationId + "/messages/" + messageId + "/receipts",
                accessToken), 200, MessageReceipts.class);
    }

    /**
     * Blocks a user ({@code PUT /api/me/blocked/{userId}}); answers whatever came back: 204, 404 for an unknown user,
     * 400 for the caller itself.
     */
    public ApiResponse block(String accessToken, String userId) {
        return send(request("/api/me/blocked/" + userId, accessToken).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** Unblocks a user ({@code DELETE /api/me/blocked/{userId}}); 204 also when it was not blocked. */
    public ApiResponse unblock(String accessToken, String userId) {
        return delete("/api/me/blocked/" + userId, accessToken);
    }

    /** The users the caller blocks ({@code GET /api/me/blocked}), oldest block first. */
    public List<String> blocked(String accessToken) {
        return expect(get("/api/me/blocked", accessToken), 200, BlockedUsers.class).users();
    }

    /** POSTs {@code body} (a record, or a String taken as raw JSON) and answers whatever came back. */
    public ApiResponse post(String path, Object body, String accessToken) {
        String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
        return send(request(path, accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PUTs {@code body} (a record, or a String taken as raw JSON) and answers whatever came back. */
    public ApiResponse put(String path, Object body, String accessToken) {
        String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
        return send(request(path, accessToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse get(String path, String accessToken) {
        return send(request(path, accessToken).GET());
    }

    public ApiResponse delete(String path, String accessToken) {
        return send(request(path, accessToken).DELETE());
    }

    /**
     * Opens a WebSocket as the token's user and device. {@code background} connects with {@code ?state=background}
     * (a phone woken to fetch messages). Fails with {@link CourierApiException} when the upgrade is refused.
     */
    public CourierConnection connect(String accessToken, boolean background) {
        String ws = baseUrl.toString().replaceFirst("^http", "ws") + "/ws" + (background ? "?state=background" : "");
        return open(http.newWebSocketBuilder().header("Authorization", "Bearer " + accessToken), URI.create(ws));
    }

    public CourierConnection connect(String accessToken) {
        return connect(accessToken, false);
    }

    /**
     * Connects a device that then goes silent without closing, like a phone that lost its network: the socket stays
     * open but nothing is read from it, so heartbeats go unanswered. It can still send.
     */
    public CourierConnection connectUnresponsive(String accessToken) {
        String ws = baseUrl.toString().replaceFirst("^http", "ws") + "/ws";
        return open(http.newWebSocketBuilder().header("Authorization", "Bearer " + accessToken), URI.create(ws),
                new CourierConnection(false));
    }

    /** Connects the way a browser must: the token in {@code ?access_token=}. */
    public CourierConnection connectWithQueryToken(String accessToken) {
        String ws = baseUrl.toString().replaceFirst("^http", "ws") + "/ws?access_token="
                + URLEncoder.encode(accessToken, StandardCharsets.UTF_8);
        return open(http.newWebSocketBuilder(), URI.create(ws));
    }

    private CourierConnection open(WebSocket.Builder builder, URI uri) {
        return open(builder, uri, new CourierConnection());
    }

    private CourierConnection open(WebSocket.Builder builder, URI uri, CourierConnection connection) {
        try {
            WebSocket socket = builder.connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, connection.listener())
                    .get(20, TimeUnit.SECONDS);
            connection.attach(socket);
            return connection;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
                HttpResponse<?> response = handshake.getResponse();
                throw new CourierApiException(response.statusCode(), String.valueOf(response.body()));
            }
            throw new IllegalStateException("Could not connect to " + uri, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out connecting to " + uri, e);
        }
    }

    private HttpRequest.Builder request(String path, String accessToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(30));
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    private ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T expect(ApiResponse response, int status, Class<T> type) {
        if (response.status() != status) {
            throw new CourierApiException(response.status(), response.body());
        }
        return JSON.readValue(response.body(), type);
    }
}

package dev.courier.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.courier.client.ApiResponse;
import dev.courier.client.CourierApiException;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.RefreshRequest;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Abuse and authorization through the public edge (docs/security.md): nobody reads, downloads or acts for someone
 * else; refresh tokens work once; a token dies with its logout or its account, whatever its expiry; tokens signed
 * with another key or not signed are refused; floods get {@code rate_limited} and too many connections 429.
 * Sending as another user (a {@code from} in the frame) is covered by
 * {@link BadFramesSystemTest#aClientSetFromIsIgnoredTheSenderIsTheAuthenticatedUser}.
 */
@Order(50)
class SecuritySystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static CourierClient client;

    @BeforeAll
    static void connect() {
        client = new CourierClient(SystemStack.shared().gatewayUrl(1));
    }

    @Test
    void nobodyReadsDownloadsOrActsWhereItDoesNotBelong() throws IOException {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        TestUser mallory = TestUser.register(client, "Mallory");
        String conversationId;
        try (CourierConnection aliceSocket = alice.connect(client)) {
            String id = aliceSocket.sendText(bob.userId(), "for Bob only");
            conversationId = aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && id.equals(r.messageId()), WAIT).conversationId();
        }
        String history = "/api/conversations/" + conversationId + "/messages?limit=10";
        assertThat(client.get(history, bob.token()).status()).isEqualTo(200);
        assertThat(client.get(history, mallory.token()).status()).as("another's history").isEqualTo(403);

        ApiResponse upload = client.uploadMedia(alice.token(), "private.png", "image/png", png());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String mediaId = JsonMapper.builder().build().readTree(upload.body()).get("mediaId").stringValue();
        assertThat(client.downloadMedia(alice.token(), "/api/media/" + mediaId).statusCode()).isEqualTo(200);
        assertThat(client.downloadMedia(mallory.token(), "/api/media/" + mediaId).statusCode())
                .as("another's media").isEqualTo(403);
        assertThat(client.downloadMedia(mallory.token(), "/api/media/" + mediaId + "/thumbnail").statusCode())
                .isEqualTo(403);

        GroupView group = client.createGroup(alice.token(), "Alice and Bob", List.of(bob.userId()));
        assertThat(client.get("/api/groups/" + group.groupId(), mallory.token()).status()).isEqualTo(403);
        assertThat(client.addMember(mallory.token(), group.groupId(), mallory.userId()).status()).isEqualTo(403);
        assertThat(client.removeMember(mallory.token(), group.groupId(), bob.userId()).status()).isEqualTo(403);
        assertThat(client.get("/api/conversations/" + group.groupId() + "/messages?limit=10", mallory.token())
                .status()).isEqualTo(403);
        try (CourierConnection mallorySocket = mallory.connect(client)) {
            String id = mallorySocket.sendTextToGroup(group.groupId(), "let me in");
            assertThat(mallorySocket.awaitFrame(ErrorFrame.class, e -> id.equals(e.ref()), WAIT).code())
                    .isEqualTo(ErrorFrame.FORBIDDEN);
        }
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseRevokesItsSuccessorToo() {
        TestUser user = TestUser.register(client, "Refresher");
        TokenResponse renewed = client.refresh(user.tokens().refreshToken());
        UsedSecrets.tokens(renewed);

        assertThat(refreshStatus(user.tokens().refreshToken())).as("reused").isEqualTo(401);
        assertThat(refreshStatus(renewed.refreshToken())).as("the successor of a reused token").isEqualTo(401);
    }

    @Test
    void aTokenStopsWorkingAtLogoutOnEveryServiceAndAtTheUpgrade() {
        TestUser phone = TestUser.register(client, "Leaving phone");
        TestUser laptop = phone.anotherDevice(client);
        assertThat(client.get("/api/groups", phone.token()).status()).isEqualTo(200);

        assertThat(client.post("/api/auth/logout", "{}", phone.token()).status()).isEqualTo(204);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.get("/api/users/" + phone.userId(), phone.token()).status()).as("auth").isEqualTo(401);
            assertThat(client.get("/api/groups", phone.token()).status()).as("group-service").isEqualTo(401);
            assertThat(client.get("/api/presence/" + phone.userId(), phone.token()).status()).as("last-seen")
                    .isEqualTo(401);
            assertThat(upgradeStatus(phone.token())).as("WebSocket upgrade").isEqualTo(401);
        });
        assertThat(client.get("/api/groups", laptop.token()).status()).as("the other device").isEqualTo(200);
        assertThat(refreshStatus(phone.tokens().refreshToken())).isEqualTo(401);
    }

    @Test
    void aTokenStopsWorkingWhenItsAccountIsDeactivated() {
        TestUser user = TestUser.register(client, "Deactivated");
        TestUser otherDevice = user.anotherDevice(client);

        assertThat(client.delete("/api/me", user.token()).status()).isEqualTo(204);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.get("/api/groups", otherDevice.token()).status()).isEqualTo(401);
            assertThat(client.get("/api/users/" + user.userId(), user.token()).status()).isEqualTo(401);
            assertThat(upgradeStatus(otherDevice.token())).isEqualTo(401);
        });
    }

    @Test
    void aTokenSignedWithAnotherKeyOrNotSignedIsRefusedEverywhere() throws Exception {
        TestUser user = TestUser.register(client, "Impersonated");
        SignedJWT genuine = SignedJWT.parse(user.token());
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        String otherKeySigned = sign(otherKey, genuine.getJWTClaimsSet());
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
                .getBytes()) + "." + user.token().split("\\.")[1] + ".";

        for (String forged : List.of(otherKeySigned, unsigned)) {
            assertThat(client.get("/api/users/" + user.userId(), forged).status()).isEqualTo(401);
            assertThat(client.get("/api/groups", forged).status()).isEqualTo(401);
            assertThat(client.get("/api/presence/" + user.userId(), forged).status()).isEqualTo(401);
            assertThat(upgradeStatus(forged)).isEqualTo(401);
        }
        assertThat(client.get("/api/groups", user.token()).status()).as("the genuine token").isEqualTo(200);
    }

    @Test
    void aFloodOnOneSocketIsAnsweredRateLimitedAndTheSocketStaysUsable() {
        TestUser flooder = TestUser.register(client, "Flooder");
        try (CourierConnection socket = flooder.connect(client)) {
            for (int i = 0; i < 2_000; i++) {
                socket.sendRaw("{\"type\":\"ping\",\"id\":\"flood-" + i + "\"}");
            }
            // Every frame is answered: a pong, or rate_limited naming it.
            await().atMost(WAIT).until(() -> socket.frames(PongFrame.class).size() + rateLimited(socket).size() == 2_000);
            assertThat(rateLimited(socket)).isNotEmpty().allSatisfy(e -> assertThat(e.ref()).startsWith("flood-"));

            int pongs = socket.frames(PongFrame.class).size();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (socket.frames(PongFrame.class).size() > pongs) {
                    return true;
                }
                socket.ping();
                return false;
            });
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void tooManyNewConnectionsOfOneUserAreRefusedWith429() {
        TestUser user = TestUser.register(client, "Reconnecting");
        List<CourierConnection> opened = new ArrayList<>();
        Optional<Integer> refused = Optional.empty();
        try {
            for (int i = 0; i < 40 && refused.isEmpty(); i++) {
                try {
                    opened.add(user.connect(client));
                } catch (CourierApiException e) {
                    refused = Optional.of(e.status());
                }
            }
        } finally {
            opened.forEach(CourierConnection::close);
        }
        assertThat(refused).contains(429);
        assertThat(opened).hasSizeGreaterThanOrEqualTo(20);
    }

    private static int refreshStatus(String refreshToken) {
        return client.post("/api/auth/refresh", new RefreshRequest(refreshToken), null).status();
    }

    /** 101 if the upgrade was accepted (the socket is closed again at once), else the refusal's status. */
    static int upgradeStatus(String token) {
        try (CourierConnection ignored = client.connect(token)) {
            return 101;
        } catch (CourierApiException e) {
            return e.status();
        }
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static List<ErrorFrame> rateLimited(CourierConnection socket) {
        return socket.frames(ErrorFrame.class).stream().filter(e -> ErrorFrame.RATE_LIMITED.equals(e.code())).toList();
    }

    private static byte[] png() throws IOException {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                picture.setRGB(x, y, x << 18 | y << 10 | 77);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }
}

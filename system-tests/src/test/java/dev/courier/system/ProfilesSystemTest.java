package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.contracts.api.MyProfile;
import dev.courier.contracts.api.PrivacySettings;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ProfileFrame;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Profiles (issue 11) through the gateway: {@code GET/PATCH /api/me}, what others see of a profile under each privacy
 * setting (lookups and the photo's downloads), bad input, and the live {@code profile} frame to connected contacts.
 * Contacts are users with a direct conversation: each test makes them by sending a message.
 */
@Order(7)
class ProfilesSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aUserSetsEveryFieldAndOthersSeeExactlyWhatPrivacyAllows() throws IOException {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser stranger = TestUser.register(gateway2, "Stranger");
        makeContacts(alice, bob);
        String photo = upload(alice);
        String email = "Alice." + UUID.randomUUID() + "@Example.org";

        MyProfile changed = gateway1.updateProfile(alice.token(), Map.of("displayName", "Alice A.",
                "about", "Out sailing", "email", email, "location", "Lisbon", "profilePhoto", photo));

        MyProfile expected = new MyProfile(alice.userId(), alice.phone(), "Alice A.", "Out sailing",
                email.toLowerCase(), "Lisbon", photo);
        assertThat(changed).isEqualTo(expected);
        assertThat(gateway2.me(alice.token())).isEqualTo(expected);
        assertThat(gateway1.privacy(alice.token())).isEqualTo(new PrivacySettings("everyone", "everyone",
                "everyone"));

        // Everyone (the default): the stranger sees about and photo, and may download it.
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gateway2.downloadMedia(stranger.token(), "/api/media/" + photo).statusCode())
                        .isEqualTo(200));
        assertThat(lookup(stranger, alice)).isEqualTo(Map.of("userId", alice.userId(), "phone", alice.phone(),
                "displayName", "Alice A.", "about", "Out sailing", "profilePhoto", photo));

        // Contacts: the contact sees and downloads; the stranger sees neither and cannot download.
        assertThat(gateway1.setPrivacy(alice.token(), new PrivacySettings(null, "contacts", "contacts")).status())
                .isEqualTo(204);
        assertThat(gateway1.privacy(alice.token())).isEqualTo(new PrivacySettings("everyone", "contacts",
                "contacts"));
        assertThat(lookup(bob, alice)).isEqualTo(Map.of("userId", alice.userId(), "phone", alice.phone(),
                "displayName", "Alice A.", "about", "Out sailing", "profilePhoto", photo));
        assertThat(gateway2.userByPhone(bob.token(), alice.phone()))
                .isEqualTo(new UserView(alice.userId(), alice.phone(), "Alice A.", null, "Out sailing", photo));
        assertThat(gateway1.downloadMedia(bob.token(), "/api/media/" + photo).statusCode()).isEqualTo(200);
        assertThat(gateway1.downloadMedia(bob.token(), "/api/media/" + photo + "/thumbnail").statusCode())
                .isEqualTo(200);
        Map<String, Object> seenByStranger = Map.of("userId", alice.userId(), "phone", alice.phone(),
                "displayName", "Alice A.");
        assertThat(lookup(stranger, alice)).isEqualTo(seenByStranger);
        assertThat(gateway2.userByPhone(stranger.token(), alice.phone()))
                .isEqualTo(new UserView(alice.userId(), alice.phone(), "Alice A.", null, null, null));
        assertThat(gateway2.downloadMedia(stranger.token(), "/api/media/" + photo).statusCode()).isEqualTo(403);
        assertThat(gateway2.downloadMedia(stranger.token(), "/api/media/" + photo + "/thumbnail").statusCode())
                .isEqualTo(403);

        // Each setting on its own: about to everyone, photo to nobody.
        assertThat(gateway1.setPrivacy(alice.token(), new PrivacySettings(null, "nobody", "everyone")).status())
                .isEqualTo(204);
        assertThat(lookup(stranger, alice)).containsEntry("about", "Out sailing").doesNotContainKey("profilePhoto");
        assertThat(lookup(bob, alice)).containsEntry("about", "Out sailing").doesNotContainKey("profilePhoto");
        assertThat(gateway1.downloadMedia(bob.token(), "/api/media/" + photo).statusCode()).isEqualTo(403);
        assertThat(gateway1.downloadMedia(alice.token(), "/api/media/" + photo).statusCode()).isEqualTo(200);
        assertThat(gateway1.me(alice.token())).as("the owner sees all of its own").isEqualTo(expected);
        assertThat(gateway1.setPrivacy(alice.token(), new PrivacySettings(null, "sometimes", null)).status())
                .isEqualTo(400);

        // Clearing: null removes the photo and the about; absent fields stay.
        Map<String, Object> clear = new HashMap<>();
        clear.put("profilePhoto", null);
        clear.put("about", null);
        assertThat(gateway1.updateProfile(alice.token(), clear)).isEqualTo(new MyProfile(alice.userId(),
                alice.phone(), "Alice A.", null, email.toLowerCase(), "Lisbon", null));
        assertThat(lookup(bob, alice)).isEqualTo(Map.of("userId", alice.userId(), "phone", alice.phone(),
                "displayName", "Alice A."));
    }

    @Test
    void badInputIsRefusedWithTheDocumentedErrorsAndChangesNothing() throws IOException {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        String bobsEmail = "bob-" + UUID.randomUUID() + "@example.org";
        gateway1.updateProfile(bob.token(), Map.of("email", bobsEmail));
        String bobsPhoto = upload(bob);
        MyProfile before = gateway1.updateProfile(alice.token(), Map.of("about", "Unchanged",
                "email", "alice-" + UUID.randomUUID() + "@example.org"));

        expectProblem(alice, Map.of("email", bobsEmail.toUpperCase(), "about", "Changed"), 409);
        expectProblem(alice, Map.of("email", "alice at example dot org", "about", "Changed"), 400);
        expectProblem(alice, Map.of("displayName", "", "about", "Changed"), 400);
        expectProblem(alice, Map.of("displayName", "x".repeat(65), "about", "Changed"), 400);
        expectProblem(alice, Map.of("profilePhoto", bobsPhoto, "about", "Changed"), 400);
        expectProblem(alice, Map.of("profilePhoto", UUID.randomUUID().toString(), "about", "Changed"), 400);
        expectProblem(alice, Map.of("nickname", "Al", "about", "Changed"), 400);
        expectProblem(alice, "{\"displayName\":null,\"about\":\"Changed\"}", 400);

        assertThat(gateway2.me(alice.token())).isEqualTo(before);
        assertThat(gateway1.patchProfile(alice.token(), Map.of("displayName", "x".repeat(64))).status())
                .isEqualTo(200);
        assertThat(gateway1.get("/api/me", null).status()).isEqualTo(401);
    }

    @Test
    void aConnectedContactGetsTheProfileFrameAsItMaySeeIt() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser stranger = TestUser.register(gateway1, "Stranger");
        // Alice chose Bob (wrote to him): he is her contact. A stranger who only wrote to her would not be (issue 19).
        makeContacts(alice, bob);
        assertThat(gateway1.setPrivacy(alice.token(), new PrivacySettings(null, null, "nobody")).status())
                .isEqualTo(204);
        try (CourierConnection bobSocket = bob.connect(gateway2);
             CourierConnection strangerSocket = stranger.connect(gateway1)) {

            gateway1.updateProfile(alice.token(), Map.of("displayName", "Alice Live", "about", "Secret"));

            ProfileFrame frame = bobSocket.awaitProfile(alice.userId(), p -> "Alice Live".equals(p.displayName()),
                    WAIT);
            assertThat(frame).isEqualTo(new ProfileFrame(alice.userId(), "Alice Live", null, null));
            JsonNode raw = JSON.readTree(bobSocket.frames().stream()
                    .filter(f -> f.frame() instanceof ProfileFrame).findFirst().orElseThrow().text());
            assertThat(raw.get("type").asString()).isEqualTo("profile");
            assertThat(strangerSocket.frames(ProfileFrame.class)).as("not a contact").isEmpty();
        }
    }

    /** A direct message from sender to recipient: the sender chooses the recipient as a contact (not the reverse). */
    private static void makeContacts(TestUser sender, TestUser recipient) {
        try (CourierConnection senderSocket = sender.connect(gateway1);
             CourierConnection recipientSocket = recipient.connect(gateway2)) {
            String id = senderSocket.sendText(recipient.userId(), "hello");
            recipientSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            new DeliveryRecorder().sent(sender, id, recipient).device(sender, "phone", senderSocket)
                    .device(recipient, "phone", recipientSocket).awaitClean(WAIT);
        }
        // last-seen-service learns contacts from the message path, asynchronously: wait until a contacts-only
        // setting shows the recipient the sender's about.
        assertThat(gateway1.setPrivacy(sender.token(), new PrivacySettings(null, null, "contacts")).status())
                .isEqualTo(204);
        gateway1.updateProfile(sender.token(), Map.of("about", "probe"));
        await().atMost(WAIT).until(() -> "probe".equals(gateway1.user(recipient.token(), sender.userId()).about()));
        Map<String, Object> clear = new HashMap<>();
        clear.put("about", null);
        gateway1.updateProfile(sender.token(), clear);
        assertThat(gateway1.setPrivacy(sender.token(), new PrivacySettings(null, null, "everyone")).status())
                .isEqualTo(204);
    }

    private static Map<String, Object> lookup(TestUser viewer, TestUser owner) {
        ApiResponse response = gateway1.get("/api/users/" + owner.userId(), viewer.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        return body;
    }

    private static void expectProblem(TestUser user, Object body, int status) {
        ApiResponse response = gateway1.patchProfile(user.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }

    private static String upload(TestUser user) throws IOException {
        BufferedImage picture = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        int tint = UUID.randomUUID().hashCode();
        for (int x = 0; x < 120; x++) {
            for (int y = 0; y < 90; y++) {
                picture.setRGB(x, y, tint ^ (x << 16 | y << 8));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        ApiResponse response = gateway1.uploadMedia(user.token(), "me.png", "image/png", out.toByteArray());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MediaUploaded.class).mediaId();
    }
}

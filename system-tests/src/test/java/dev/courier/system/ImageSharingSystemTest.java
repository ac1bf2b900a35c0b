package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Images: upload once through the gateway, send a message that refers to it, recipients fetch it, others cannot. */
@Order(7)
class ImageSharingSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aRecipientFetchesTheImageAndItsThumbnailAndAStrangerCannot() throws Exception {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        TestUser stranger = TestUser.register(gateway1, "Stranger");
        byte[] png = image(800, 600, "png");
        MediaUploaded uploaded = upload(alice, "holiday.png", png);
        assertThat(uploaded.contentType()).isEqualTo("image/png");
        assertThat(uploaded.width()).isEqualTo(800);
        assertThat(uploaded.height()).isEqualTo(600);

        try (CourierConnection aliceSocket = alice.connect(gateway1); CourierConnection bobSocket = bob.connect(gateway2)) {
            String id = aliceSocket.sendImage(Recipient.user(bob.userId()), uploaded.mediaId(), "the beach");
            MessageFrame message = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            assertThat(message.body().image().mediaId()).isEqualTo(uploaded.mediaId());
            assertThat(message.body().image().caption()).isEqualTo("the beach");
            new DeliveryRecorder().sent(alice, id, bob)
                    .device(alice, "phone", aliceSocket).device(bob, "phone", bobSocket).awaitClean(WAIT);
        }

        HttpResponse<byte[]> original = gateway2.downloadMedia(bob.token(), "/api/media/" + uploaded.mediaId());
        assertThat(original.statusCode()).isEqualTo(200);
        // Kept re-encoded from its pixels (issue 19: no metadata, nothing after the end): a PNG keeps every pixel, and
        // what is served is what the upload's answer described.
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(original.body()))).isEqualTo(uploaded.sha256());
        BufferedImage served = ImageIO.read(new ByteArrayInputStream(original.body()));
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(png));
        for (int[] at : new int[][] {{0, 0}, {799, 599}, {400, 300}, {123, 456}}) {
            assertThat(served.getRGB(at[0], at[1])).isEqualTo(sent.getRGB(at[0], at[1]));
        }
        assertThat(original.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(original.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).contains(uploaded.sha256()));

        HttpResponse<byte[]> range = gateway2.downloadMedia(bob.token(), "/api/media/" + uploaded.mediaId(),
                "Range", "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(original.body(), 100));

        HttpResponse<byte[]> thumbnail = gateway2.downloadMedia(bob.token(), "/api/media/" + uploaded.mediaId() + "/thumbnail");
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);

        assertThat(gateway1.downloadMedia(stranger.token(), "/api/media/" + uploaded.mediaId()).statusCode()).isEqualTo(403);
        assertThat(gateway1.downloadMedia(stranger.token(), "/api/media/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void groupMembersAtSendTimeMayFetchAGroupImage() throws IOException {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser member = TestUser.register(gateway1, "Member");
        TestUser later = TestUser.register(gateway1, "Later");
        GroupView group = gateway1.createGroup(alice.token(), "photos", List.of(member.userId()));
        MediaUploaded uploaded = upload(alice, "cat.jpg", image(400, 400, "jpg"));
        try (CourierConnection aliceSocket = alice.connect(gateway1); CourierConnection memberSocket = member.connect(gateway2)) {
            String id = aliceSocket.sendImage(Recipient.group(group.groupId()), uploaded.mediaId(), "our cat");
            memberSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            new DeliveryRecorder().sent(alice, id, member)
                    .device(alice, "phone", aliceSocket).device(member, "phone", memberSocket).awaitClean(WAIT);
        }
        gateway1.addMember(alice.token(), group.groupId(), later.userId());

        assertThat(gateway2.downloadMedia(member.token(), "/api/media/" + uploaded.mediaId()).statusCode()).isEqualTo(200);
        assertThat(gateway2.downloadMedia(later.token(), "/api/media/" + uploaded.mediaId()).statusCode())
                .as("joined after the image was sent").isEqualTo(403);
    }

    @Test
    void whatIsNotReallyAnImageIsRefusedAndNobodyMaySendAnotherUsersMedia() throws IOException {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser mallory = TestUser.register(gateway1, "Mallory");
        ApiResponse renamed = gateway1.uploadMedia(alice.token(), "notes.jpg", "image/jpeg",
                "just some text, not a picture".getBytes(StandardCharsets.UTF_8));
        assertThat(renamed.status()).isEqualTo(415);
        byte[] png = image(64, 64, "png");
        ApiResponse truncated = gateway1.uploadMedia(alice.token(), "cut.png", "image/png", Arrays.copyOf(png, png.length / 2));
        assertThat(truncated.status()).isEqualTo(415);

        MediaUploaded alices = upload(alice, "mine.png", png);
        try (CourierConnection socket = mallory.connect(gateway1)) {
            String id = socket.sendImage(Recipient.user(alice.userId()), alices.mediaId(), "look what I found");
            assertThat(socket.awaitFrame(ErrorFrame.class, e -> id.equals(e.ref()), WAIT).code()).isEqualTo("forbidden");
            String unknown = socket.sendImage(Recipient.user(alice.userId()), UUID.randomUUID().toString(), "?");
            assertThat(socket.awaitFrame(ErrorFrame.class, e -> unknown.equals(e.ref()), WAIT).code()).isEqualTo("not_found");
        }
    }

    private static MediaUploaded upload(TestUser user, String name, byte[] bytes) {
        String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
        ApiResponse response = gateway1.uploadMedia(user.token(), name, type, bytes);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MediaUploaded.class);
    }

    private static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                picture.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, format, out);
        return out.toByteArray();
    }
}

package dev.courier.media.inspect;

import dev.courier.media.TestImages;
import dev.courier.media.inspect.RefusedUploadException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(16L * 1024 * 1024, 16_384, 50_000_000L, 320);

    @Test
    void acceptsAJpegAndMakesAThumbnailWhoseLongestSideIs320() {
        InspectedImage image = inspector.inspect(TestImages.image("jpeg", 800, 600, 1));

        assertThat(image.type()).isEqualTo(ImageType.JPEG);
        assertThat(image.type().contentType()).isEqualTo("image/jpeg");
        assertThat(image.width()).isEqualTo(800);
        assertThat(image.height()).isEqualTo(600);
        assertThumbnail(image, 320, 240);
    }

    @Test
    void acceptsAPngAndAGif() {
        InspectedImage png = inspector.inspect(TestImages.image("png", 400, 1000, 2));
        assertThat(png.type()).isEqualTo(ImageType.PNG);
        assertThat(png.type().contentType()).isEqualTo("image/png");
        assertThat(png.width()).isEqualTo(400);
        assertThat(png.height()).isEqualTo(1000);
        assertThumbnail(png, 128, 320);

        InspectedImage gif = inspector.inspect(TestImages.image("gif", 640, 480, 3));
        assertThat(gif.type()).isEqualTo(ImageType.GIF);
        assertThat(gif.type().contentType()).isEqualTo("image/gif");
        assertThumbnail(gif, 320, 240);
    }

    @Test
    void aSmallImageKeepsItsSizeInTheThumbnail() {
        assertThumbnail(inspector.inspect(TestImages.image("png", 100, 50, 4)), 100, 50);
    }

    @Test
    void aLargeImageIsKeptScaledDownByAWholeFactorToAtMost2048() {
        InspectedImage image = inspector.inspect(TestImages.image("jpeg", 3000, 2000, 5));

        assertThat(image.width()).isEqualTo(1500);
        assertThat(image.height()).isEqualTo(1000);
        BufferedImage kept = TestImages.read(image.bytes());
        assertThat(kept.getWidth()).isEqualTo(1500);
        assertThat(kept.getHeight()).isEqualTo(1000);
        assertThumbnail(image, 320, 213);
    }

    /**
     * Issue 19, finding 4: a photo's EXIF (here a GPS position and an orientation) never leaves the server. The kept
     * image is re-encoded from the pixels, turned as the orientation said; nothing after the image's end survives.
     */
    @Test
    void exifAndLocationAreDroppedTheOrientationIsAppliedAndTrailingBytesAreGone() {
        byte[] photo = TestImages.withExif(TestImages.image("jpeg", 400, 200, 21), 6, "52.5200 N 13.4050 E SECRET-PLACE");
        byte[] upload = TestImages.concat(photo, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(upload, StandardCharsets.ISO_8859_1)).contains("Exif", "SECRET-PLACE", "<script>");
        assertThat(ImageInspector.orientation(ImageType.JPEG, upload)).isEqualTo(6);

        InspectedImage image = inspector.inspect(upload);

        String kept = new String(image.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(kept).doesNotContain("Exif", "SECRET", "<script>", "<html");
        assertThat(image.type()).isEqualTo(ImageType.JPEG);
        assertThat(ImageInspector.orientation(ImageType.JPEG, image.bytes())).isEqualTo(1);
        assertThat(image.width()).as("turned a quarter").isEqualTo(200);
        assertThat(image.height()).isEqualTo(400);
        BufferedImage pixels = TestImages.read(image.bytes());
        assertThat(pixels.getWidth()).isEqualTo(200);
        assertThat(pixels.getHeight()).isEqualTo(400);
        assertThumbnail(image, 160, 320);
    }

    /** Issue 19, finding 15: HTML in a PNG text chunk or after its end is not kept. */
    @Test
    void aPngPolyglotIsKeptAsItsPixelsAlone() {
        byte[] png = TestImages.withTextChunk(TestImages.image("png", 120, 80, 22), "<html><body>polyglot</body></html>");
        byte[] upload = TestImages.concat(png, "<script>alert('after IEND')</script>".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(upload, StandardCharsets.ISO_8859_1)).contains("tEXt", "polyglot", "after IEND");

        InspectedImage image = inspector.inspect(upload);

        String kept = new String(image.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(kept).doesNotContain("tEXt", "polyglot", "<script", "<html");
        assertThat(image.type()).isEqualTo(ImageType.PNG);
        assertThat(kept).endsWith("IEND\u00aeB`\u0082");
        assertThat(TestImages.read(image.bytes()).getWidth()).isEqualTo(120);
    }

    @Test
    void orientationsTurnAsExifSays() {
        BufferedImage source = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        source.setRGB(0, 0, 0xFF0000); // the top-left pixel
        int[][] topLeftGoesTo = {null, {0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage turned = ImageInspector.oriented(source, orientation);
            int[] at = topLeftGoesTo[orientation];
            assertThat(turned.getWidth()).as("width, orientation %d", orientation).isEqualTo(orientation >= 5 ? 2 : 3);
            assertThat(turned.getRGB(at[0], at[1]) & 0xFFFFFF).as("orientation %d", orientation).isEqualTo(0xFF0000);
        }
    }

    @Test
    void acceptsLossyAndLosslessWebp() {
        for (byte[] webp : new byte[][] {TestImages.WEBP_LOSSY, TestImages.WEBP_LOSSLESS}) {
            InspectedImage image = inspector.inspect(webp);
            // No WebP encoder here: kept as PNG when it has transparency, else JPEG.
            assertThat(image.type()).isIn(ImageType.PNG, ImageType.JPEG);
            assertThat(ImageType.sniff(image.bytes())).contains(image.type());
            assertThat(image.width()).isEqualTo(1);
            assertThat(image.height()).isEqualTo(1);
            assertThumbnail(image, 1, 1);
        }
    }

    @Test
    void aTextFileNamedLikeAnImageIs415() {
        byte[] text = "Dear diary, this is not a picture at all.\n".getBytes(StandardCharsets.UTF_8);

        expectRefused(text, Reason.NOT_AN_IMAGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        expectRefused(new byte[0], Reason.NOT_AN_IMAGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void magicBytesFollowedByGarbageAre415() {
        byte[] fake = Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 200);
        Arrays.fill(fake, 3, fake.length, (byte) 'x');

        expectRefused(fake, Reason.UNREADABLE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        byte[] riff = "RIFF\0\0\0\0WEBPVP8 garbage garbage garbage".getBytes(StandardCharsets.US_ASCII);
        expectRefused(riff, Reason.UNREADABLE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aTruncatedPngIs415() {
        byte[] png = TestImages.image("png", 300, 300, 6);

        expectRefused(Arrays.copyOf(png, png.length / 2), Reason.UNREADABLE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        expectRefused(Arrays.copyOf(png, 40), Reason.UNREADABLE, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aTruncatedJpegIs415() {
        byte[] jpeg = TestImages.image("jpeg", 400, 300, 7);

        expectRefused(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), Reason.UNREADABLE,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aHeaderDeclaringHugeDimensionsIs415WithoutDecoding() {
        // 10^10 pixels: decoding would need tens of gigabytes; the header alone decides, at once.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> expectRefused(TestImages.pngHeader(100_000, 100_000),
                Reason.TOO_MANY_PIXELS, HttpStatus.UNSUPPORTED_MEDIA_TYPE));
        // Each side allowed, but 60 megapixels in all.
        expectRefused(TestImages.pngHeader(10_000, 6_000), Reason.TOO_MANY_PIXELS, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        // One side too long.
        expectRefused(TestImages.pngHeader(16_385, 10), Reason.TOO_MANY_PIXELS, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void overTheSizeLimitIs413() {
        ImageInspector small = new ImageInspector(1_000, 16_384, 50_000_000L, 320);
        byte[] png = TestImages.image("png", 100, 100, 8);
        assertThat(png.length).isGreaterThan(1_000);

        assertThatThrownBy(() -> small.inspect(png))
                .isInstanceOfSatisfying(RefusedUploadException.class, e -> {
                    assertThat(e.why()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                });
        assertThat(small.inspect(Arrays.copyOf(TestImages.WEBP_LOSSY, TestImages.WEBP_LOSSY.length)).width())
                .isEqualTo(1);
    }

    private void expectRefused(byte[] bytes, Reason reason, HttpStatus status) {
        assertThatThrownBy(() -> inspector.inspect(bytes))
                .isInstanceOfSatisfying(RefusedUploadException.class, e -> {
                    assertThat(e.why()).isEqualTo(reason);
                    assertThat(e.getStatusCode()).isEqualTo(status);
                });
    }

    private static void assertThumbnail(InspectedImage image, int width, int height) {
        assertThat(ImageType.sniff(image.thumbnail())).contains(ImageType.JPEG);
        BufferedImage thumbnail = TestImages.read(image.thumbnail());
        assertThat(thumbnail.getWidth()).isEqualTo(width);
        assertThat(thumbnail.getHeight()).isEqualTo(height);
        assertThat(image.thumbnailWidth()).isEqualTo(width);
        assertThat(image.thumbnailHeight()).isEqualTo(height);
    }
}

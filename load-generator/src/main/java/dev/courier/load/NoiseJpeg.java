package dev.courier.load;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A JPEG of random noise (noise does not compress, so a size in bytes is a size in pixels), made once in memory,
 * and cheap variants of it: media-service stores content by SHA-256, so uploading the same bytes again would measure
 * deduplication rather than an upload. {@link #variant} inserts a comment segment after the start-of-image marker:
 * different bytes, the same picture, still a valid JPEG.
 */
final class NoiseJpeg {

    private NoiseJpeg() {
    }

    /** A noise JPEG within 5% of {@code targetBytes} (a few encodes to find the side). */
    static byte[] generate(int targetBytes, long seed) {
        int side = 600;
        byte[] jpeg = encode(side, seed);
        for (int attempt = 0; attempt < 6 && Math.abs(jpeg.length - targetBytes) > targetBytes / 20; attempt++) {
            side = Math.max(16, (int) Math.round(side * Math.sqrt((double) targetBytes / jpeg.length)));
            jpeg = encode(side, seed);
        }
        return jpeg;
    }

    static byte[] encode(int side, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("No JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code jpeg} with a COM segment holding {@code tag} right after its SOI marker. */
    static byte[] variant(byte[] jpeg, String tag) {
        if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            throw new IllegalArgumentException("Not a JPEG");
        }
        byte[] text = tag.getBytes(StandardCharsets.US_ASCII);
        int length = text.length + 2;
        byte[] result = new byte[jpeg.length + 2 + length];
        result[0] = (byte) 0xff;
        result[1] = (byte) 0xd8;
        result[2] = (byte) 0xff;
        result[3] = (byte) 0xfe;
        result[4] = (byte) (length >> 8);
        result[5] = (byte) length;
        System.arraycopy(text, 0, result, 6, text.length);
        System.arraycopy(jpeg, 2, result, 6 + text.length, jpeg.length - 2);
        return result;
    }
}

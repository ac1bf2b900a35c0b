package dev.courier.media;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

/** Real images made here with ImageIO (and two tiny WebP files, as ImageIO cannot write WebP). */
public final class TestImages {

    /** A 1×1 lossy WebP (VP8). */
    public static final byte[] WEBP_LOSSY = Base64.getDecoder()
            .decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    /** A 1×1 lossless WebP (VP8L). */
    public static final byte[] WEBP_LOSSLESS = Base64.getDecoder()
            .decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    private TestImages() {
    }

    /** A noisy picture (so it does not compress to nothing), in {@code format}: jpeg, png or gif. */
    /** The bytes of both, one after the other. */
    public static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * A JPEG with an EXIF APP1 segment right after SOI, as a phone writes one: IFD0 with the orientation and a
     * pointer to a GPS IFD whose GPSMapDatum holds {@code gpsText}.
     */
    public static byte[] withExif(byte[] jpeg, int orientation, String gpsText) {
        byte[] text = (gpsText + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer tiff = ByteBuffer.allocate(56 + text.length).order(java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0012).putShort((short) 2).putInt(text.length).putInt(56);
        tiff.putInt(0);
        tiff.put(text);
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
        ByteBuffer segment = ByteBuffer.allocate(4 + exif.length);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif);
        byte[] soi = java.util.Arrays.copyOf(jpeg, 2);
        return concat(concat(soi, segment.array()), java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A PNG with a tEXt chunk (keyword {@code Comment}) before its IEND. */
    public static byte[] withTextChunk(byte[] png, String text) {
        int iend = png.length - 12;
        byte[] data = concat("Comment\0".getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk(chunk, "tEXt", data);
        return concat(concat(java.util.Arrays.copyOf(png, iend), chunk.array()),
                java.util.Arrays.copyOfRange(png, iend, png.length));
    }

    /** What media-service keeps of an upload (re-encoded: see ImageInspector), with the default limits. */
    public static byte[] kept(byte[] upload) {
        return new dev.courier.media.inspect.ImageInspector(16L * 1024 * 1024, 16_384, 50_000_000L, 320)
                .inspect(upload).bytes();
    }

    public static byte[] image(String format, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        for (int i = 0; i < width * height / 4; i++) {
            image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt(0xFFFFFF));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("No writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A PNG that is only a signature and an IHDR declaring {@code width}×{@code height} (plus an empty IEND). */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 25 + 12);
        buffer.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(buffer, "IHDR", ihdr.array());
        chunk(buffer, "IEND", new byte[0]);
        return buffer.array();
    }

    private static void chunk(ByteBuffer buffer, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        buffer.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.courier.media.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The image types accepted, recognised by their first bytes (never by a file name or a client's header). */
public enum ImageType {

    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] GIF87A = ascii("GIF87a");
    private static final byte[] GIF89A = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP_MAGIC = ascii("WEBP");

    private final String contentType;
    private final String formatName;

    ImageType(String contentType, String formatName) {
        this.contentType = contentType;
        this.formatName = formatName;
    }

    public String contentType() {
        return contentType;
    }

    /** The ImageIO format name of its readers. */
    String formatName() {
        return formatName;
    }

    /** The type the bytes start like, or empty: JPEG FF D8 FF, PNG's 8-byte signature, GIF87a/89a, RIFF….WEBP. */
    public static Optional<ImageType> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, GIF87A) || startsWith(bytes, 0, GIF89A)) {
            return Optional.of(GIF);
        }
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP_MAGIC)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.courier.media.inspect;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import dev.courier.media.inspect.RefusedUploadException.Reason;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decides whether an upload is an image to keep, in this order, so that nothing costly runs on what will be refused:
 * <ol>
 *   <li>size: over {@code maxSize} bytes → 413;</li>
 *   <li>type from the first bytes ({@link ImageType#sniff}) → else 415;</li>
 *   <li>the dimensions the header declares, read by an ImageIO reader WITHOUT decoding pixels: a side over
 *       {@code maxDimension} or more than {@code maxPixels} pixels → 415 (an image bomb);</li>
 *   <li>a full decode, subsampled by a whole factor so that no side is over {@code maxStoredDimension} (memory stays
 *       bounded whatever the size): any error or decoder warning (a truncated JPEG only warns) → 415;</li>
 *   <li>the EXIF orientation of a JPEG applied to the pixels;</li>
 *   <li>the image that is kept, re-encoded from those pixels alone: JPEG (quality 0.9) from a JPEG, PNG from a PNG,
 *       GIF (its first frame) from a GIF, and from a WebP (no WebP encoder here) PNG with transparency, else JPEG.
 *       Nothing of the upload but its pixels survives: no EXIF (GPS position, camera, time), XMP, comment, text
 *       chunk, ICC profile or byte after the image's end, so neither a location nor a polyglot (HTML in a chunk or
 *       after the end) is ever served;</li>
 *   <li>the thumbnail: RGB on white, longest side {@code thumbnailSize} (never enlarged), JPEG.</li>
 * </ol>
 * Thread-safe: each call uses its own reader and writer.
 */
public class ImageInspector {

    private static final float THUMBNAIL_QUALITY = 0.8f;
    private static final float STORED_QUALITY = 0.9f;

    private final long maxSize;
    private final int maxDimension;
    private final long maxPixels;
    private final int thumbnailSize;
    private final int maxStoredDimension;

    public ImageInspector(long maxSize, int maxDimension, long maxPixels, int thumbnailSize) {
        this(maxSize, maxDimension, maxPixels, thumbnailSize, 2048);
    }

    public ImageInspector(long maxSize, int maxDimension, long maxPixels, int thumbnailSize, int maxStoredDimension) {
        this.maxSize = maxSize;
        this.maxDimension = maxDimension;
        this.maxPixels = maxPixels;
        this.thumbnailSize = thumbnailSize;
        this.maxStoredDimension = maxStoredDimension;
        // Readers in the application's class loader (the WebP plugin), also when run from the Boot jar.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    public InspectedImage inspect(byte[] bytes) {
        if (bytes.length > maxSize) {
            throw new RefusedUploadException(Reason.TOO_LARGE,
                    "The file is " + bytes.length + " bytes; at most " + maxSize + " are accepted");
        }
        ImageType type = ImageType.sniff(bytes).orElseThrow(() -> new RefusedUploadException(Reason.NOT_AN_IMAGE,
                "Not a JPEG, PNG, WebP or GIF image"));
        ImageReader reader = reader(type);
        try (var input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, false, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new RefusedUploadException(Reason.UNREADABLE, "The " + type + " header cannot be read");
            }
            checkDimensions(width, height);
            BufferedImage decoded = oriented(decode(reader, type, width, height), orientation(type, bytes));
            Stored stored = store(type, decoded);
            return thumbnail(stored, decoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(ImageType type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.formatName());
        if (!readers.hasNext()) {
            throw new RefusedUploadException(Reason.NOT_AN_IMAGE, "No decoder for " + type + " images here");
        }
        return readers.next();
    }

    private void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new RefusedUploadException(Reason.UNREADABLE, "The image declares no size");
        }
        if (width > maxDimension || height > maxDimension || (long) width * height > maxPixels) {
            throw new RefusedUploadException(Reason.TOO_MANY_PIXELS, "The image declares " + width + "×" + height
                    + " pixels; at most " + maxDimension + " a side and " + maxPixels + " in all are accepted");
        }
    }

    private BufferedImage decode(ImageReader reader, ImageType type, int width, int height) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        ImageReadParam param = reader.getDefaultReadParam();
        int longest = Math.max(width, height);
        int subsampling = Math.max(1, (longest + maxStoredDimension - 1) / maxStoredDimension);
        if (subsampling > 1) {
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new RefusedUploadException(Reason.UNREADABLE, "The " + type + " image is truncated or corrupt");
        }
        if (!warnings.isEmpty() || image == null) {
            throw new RefusedUploadException(Reason.UNREADABLE, "The " + type + " image is truncated or corrupt"
                    + (warnings.isEmpty() ? "" : ": " + warnings.getFirst()));
        }
        return image;
    }

    /** What is kept of an upload: the re-encoded bytes, their type and size. */
    private record Stored(ImageType type, byte[] bytes, int width, int height) {
    }

    private static Stored store(ImageType uploaded, BufferedImage image) {
        boolean alpha = image.getColorModel().hasAlpha();
        ImageType type = switch (uploaded) {
            case JPEG -> ImageType.JPEG;
            case PNG -> ImageType.PNG;
            case GIF -> ImageType.GIF;
            case WEBP -> alpha ? ImageType.PNG : ImageType.JPEG;
        };
        BufferedImage pixels = type == ImageType.JPEG && (alpha || !isRgb(image))
                ? draw(image, image.getWidth(), image.getHeight()) : image;
        byte[] bytes = switch (type) {
            case JPEG -> encode(pixels, "jpeg", STORED_QUALITY);
            case PNG -> encode(pixels, "png", null);
            case GIF -> encode(pixels, "gif", null);
            case WEBP -> throw new IllegalStateException("No WebP encoder");
        };
        return new Stored(type, bytes, pixels.getWidth(), pixels.getHeight());
    }

    private static boolean isRgb(BufferedImage image) {
        int type = image.getType();
        return type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB
                || type == BufferedImage.TYPE_INT_BGR || type == BufferedImage.TYPE_BYTE_GRAY;
    }

    /**
     * The EXIF orientation of a JPEG (1 to 8; 1, the default, when there is none or it cannot be read): phones store
     * the sensor's pixels and say in EXIF how to turn them. Read with TwelveMonkeys' metadata readers.
     */
    static int orientation(ImageType type, byte[] bytes) {
        if (type != ImageType.JPEG) {
            return 1;
        }
        try (var input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            InputStream data = exif.getFirst().data();
            if (data.read() == -1) { // the pad byte after "Exif\0"
                return 1;
            }
            try (var tiff = new MemoryCacheImageInputStream(data)) {
                Entry entry = new TIFFReader().read(tiff).getEntryById(TIFF.TAG_ORIENTATION);
                int value = entry != null && entry.getValue() instanceof Number number ? number.intValue() : 1;
                return value >= 1 && value <= 8 ? value : 1;
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** The pixels turned as EXIF orientation {@code orientation} says (2..8 mirror and/or rotate; 1 is as stored). */
    static BufferedImage oriented(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage turned = new BufferedImage(swap ? h : w, swap ? w : h, type);
        Graphics2D g = turned.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return turned;
    }

    private InspectedImage thumbnail(Stored stored, BufferedImage decoded) {
        int width = stored.width();
        int height = stored.height();
        double scale = Math.min(1.0, (double) thumbnailSize / Math.max(width, height));
        int thumbWidth = Math.max(1, (int) Math.round(width * scale));
        int thumbHeight = Math.max(1, (int) Math.round(height * scale));
        BufferedImage current = decoded;
        // Halving steps first: one bilinear step over a large ratio skips pixels and looks grainy.
        while (current.getWidth() / 2 >= thumbWidth && current.getHeight() / 2 >= thumbHeight) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        BufferedImage thumb = draw(current, thumbWidth, thumbHeight);
        return new InspectedImage(stored.type(), width, height, stored.bytes(),
                encode(thumb, "jpeg", THUMBNAIL_QUALITY), thumbWidth, thumbHeight);
    }

    /** {@code source} scaled into an opaque RGB image (transparency on white: JPEG has no alpha). */
    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** Pixels only: no metadata is given to the writer, so it writes none beyond what the format needs. */
    private static byte[] encode(BufferedImage image, String format, Float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

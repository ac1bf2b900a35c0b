package dev.courier.media.inspect;

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
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 *   <li>a full decode (subsampled to about twice the thumbnail, so memory stays small whatever the size): any error
 *       or decoder warning (a truncated JPEG only warns) → 415;</li>
 *   <li>the thumbnail: RGB on white, longest side {@code thumbnailSize} (never enlarged), JPEG.</li>
 * </ol>
 * Thread-safe: each call uses its own reader and writer.
 */
public class ImageInspector {

    private static final float THUMBNAIL_QUALITY = 0.8f;

    private final long maxSize;
    private final int maxDimension;
    private final long maxPixels;
    private final int thumbnailSize;

    public ImageInspector(long maxSize, int maxDimension, long maxPixels, int thumbnailSize) {
        this.maxSize = maxSize;
        this.maxDimension = maxDimension;
        this.maxPixels = maxPixels;
        this.thumbnailSize = thumbnailSize;
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
            BufferedImage decoded = decode(reader, type, width, height);
            return thumbnail(type, width, height, decoded);
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
        int subsampling = Math.max(1, Math.max(width, height) / (2 * thumbnailSize));
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

    private InspectedImage thumbnail(ImageType type, int width, int height, BufferedImage decoded) {
        double scale = Math.min(1.0, (double) thumbnailSize / Math.max(width, height));
        int thumbWidth = Math.max(1, (int) Math.round(width * scale));
        int thumbHeight = Math.max(1, (int) Math.round(height * scale));
        BufferedImage current = decoded;
        // Halving steps first: one bilinear step over a large ratio skips pixels and looks grainy.
        while (current.getWidth() / 2 >= thumbWidth && current.getHeight() / 2 >= thumbHeight) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        BufferedImage thumb = draw(current, thumbWidth, thumbHeight);
        return new InspectedImage(type, width, height, jpeg(thumb), thumbWidth, thumbHeight);
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

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(THUMBNAIL_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

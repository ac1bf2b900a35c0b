package dev.courier.media.inspect;

/**
 * An upload found to be a usable image, as it is kept: re-encoded from its pixels (see {@link ImageInspector}), so
 * its type and size may differ from the upload's, and its JPEG thumbnail.
 *
 * @param type      the type of {@code bytes}
 * @param bytes     the image that is stored and served: pixels only, orientation applied, no metadata
 * @param thumbnail the thumbnail's JPEG bytes, longest side at most {@code courier.media.thumbnail-size}
 */
public record InspectedImage(ImageType type, int width, int height, byte[] bytes, byte[] thumbnail,
                             int thumbnailWidth, int thumbnailHeight) {
}

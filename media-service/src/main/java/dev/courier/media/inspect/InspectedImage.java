package dev.courier.media.inspect;

/**
 * An upload found to be a usable image: its type (from the bytes), its dimensions, and its JPEG thumbnail.
 *
 * @param thumbnail the thumbnail's JPEG bytes, longest side at most {@code courier.media.thumbnail-size}
 */
public record InspectedImage(ImageType type, int width, int height, byte[] thumbnail, int thumbnailWidth,
                             int thumbnailHeight) {
}

package dev.courier.contracts.api;

/**
 * media-service's answer to {@code POST /api/media}: the new media id (opaque, random: never the hash), the type
 * decided from the bytes, the size in bytes, the pixel dimensions and the SHA-256 of the bytes (hex, lower case).
 */
public record MediaUploaded(String mediaId, String contentType, long size, int width, int height, String sha256) {
}

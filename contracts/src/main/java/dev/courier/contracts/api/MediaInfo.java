package dev.courier.contracts.api;

/**
 * media-service's {@code GET /internal/media/{mediaId}} (not routed by the gateway): who uploaded a media, for a
 * service that must check that a user refers to its own upload (auth-service, for a profile photo). 404 if unknown.
 */
public record MediaInfo(String mediaId, String uploaderId, String contentType) {
}

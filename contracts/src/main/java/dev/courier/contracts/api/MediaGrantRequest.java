package dev.courier.contracts.api;

import java.util.List;

/**
 * session-service's {@code POST /internal/media/{mediaId}/grants} to media-service, before it authorises a send that
 * carries an image: {@code senderId} must be the uploader; the sender and {@code userIds} (the recipients) may then
 * fetch the media. Idempotent.
 */
public record MediaGrantRequest(String senderId, List<String> userIds) {
}

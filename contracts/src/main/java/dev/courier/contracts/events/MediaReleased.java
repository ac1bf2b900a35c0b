package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * No stored message refers to the media any more: the last message that did was deleted (a disappearing message
 * or one destroyed after its time to live). media-service deletes the media and its blobs unless something else
 * still uses it (a profile photo). Produced by message-service, which alone knows which messages refer to which
 * media. Topic {@link Topics#MEDIA}, keyed by media id.
 */
public record MediaReleased(UUID eventId, Instant at, String mediaId, String lastMessageId) implements CourierEvent {
}

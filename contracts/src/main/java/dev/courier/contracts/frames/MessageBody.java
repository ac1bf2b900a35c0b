package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code body} of a message: a text, or an image (a media id uploaded first, with an optional caption).
 * Exactly one of the two is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageBody(String text, Image image) {

    /** Longest text body accepted, in characters; the whole frame is limited to 64 KiB anyway. */
    public static final int MAX_TEXT_LENGTH = 16_384;

    public static MessageBody text(String text) {
        return new MessageBody(text, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String mediaId, String caption) {
    }
}

package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code body} of a message: a text, or an image (a media id uploaded first, with an optional caption).
 * Exactly one of the two is set in what a client sends. The server alone writes {@code system} bodies (a setting
 * of the conversation changed, e.g. the disappearing-messages timer); a client {@code send} carrying
 * {@code system} is rejected as {@code invalid}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageBody(String text, Image image, SystemEvent system) {

    /** Longest text body accepted, in characters; the whole frame is limited to 64 KiB anyway. */
    public static final int MAX_TEXT_LENGTH = 16_384;

    @JsonCreator
    public MessageBody {
    }

    /** A client body: a text or an image, no system event. */
    public MessageBody(String text, Image image) {
        this(text, image, null);
    }

    public static MessageBody text(String text) {
        return new MessageBody(text, null, null);
    }

    public static MessageBody system(SystemEvent event) {
        return new MessageBody(null, null, event);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String mediaId, String caption) {
    }

    /**
     * What the server records in a conversation's history: {@code event} names it ({@value #DISAPPEARING}: the
     * timer was set to {@code seconds}, 0 = off), {@code by} the user who did it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemEvent(String event, Long seconds, String by) {

        public static final String DISAPPEARING = "disappearing";

        public static SystemEvent disappearing(long seconds, String by) {
            return new SystemEvent(DISAPPEARING, seconds, by);
        }
    }
}

package dev.courier.gateway.websocket;

import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ServerFrame;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code error rate_limited} answer to a frame over a limit, naming the frame's {@code id} as {@code ref} when it
 * has a short printable one. The frame is parsed only when it mentions {@code "id"}, and is at most the frame size.
 */
final class RateLimitedFrames {

    static final String MESSAGE = "Too many frames: slow down; this frame was not processed";
    private static final int MAX_REF_LENGTH = 64;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(ServerFrame.class);
    private static final String WITHOUT_REF = WRITER.writeValueAsString(
            new ErrorFrame(ErrorFrame.RATE_LIMITED, MESSAGE, null));

    private RateLimitedFrames() {
    }

    static String answer(String frame) {
        String ref = refOf(frame);
        return ref == null ? WITHOUT_REF
                : WRITER.writeValueAsString(new ErrorFrame(ErrorFrame.RATE_LIMITED, MESSAGE, ref));
    }

    static String answerToBinary() {
        return WITHOUT_REF;
    }

    private static String refOf(String frame) {
        if (frame == null || !frame.contains("\"id\"")) {
            return null;
        }
        try {
            JsonNode id = MAPPER.readTree(frame).path("id");
            String value = id.isString() ? id.stringValue() : null;
            return value != null && !value.isEmpty() && value.length() <= MAX_REF_LENGTH
                    && value.chars().allMatch(c -> c > 0x20 && c < 0x7f || Character.isLetterOrDigit(c))
                    ? value : null;
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.courier.gateway.websocket;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognises a client {@code ping} so the gateway can answer {@code pong} itself instead of a round trip through
 * Kafka. Only short frames that mention "ping" are parsed; anything else, and any doubt, goes to the parser.
 */
final class PingFrames {

    static final int MAX_LENGTH = 64;
    /** Reads as strictly as the parser does, so a frame is never a ping here and something else there. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PingFrames() {
    }

    static boolean isPing(String text) {
        if (text.length() >= MAX_LENGTH || !text.contains("ping")) {
            return false;
        }
        try {
            JsonNode frame = MAPPER.readTree(text);
            return frame.isObject() && "ping".equals(frame.path("type").stringValue(null));
        } catch (JacksonException e) {
            return false;
        }
    }
}

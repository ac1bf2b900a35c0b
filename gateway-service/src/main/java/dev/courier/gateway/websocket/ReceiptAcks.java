package dev.courier.gateway.websocket;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The message ids a client frame acknowledges: the {@code messageIds} of a {@code receipt} frame, read here so the
 * gateway can forget the in-flight copies of what its socket acknowledged without a round trip through Kafka. Only
 * for the in-flight store: validation is the parser's, so any doubt (not a receipt, not JSON, an odd shape) gives no
 * ids, and a client that names ids it never got only empties its own socket's store. One streaming pass, no tree.
 */
final class ReceiptAcks {

    private static final JsonFactory JSON = new JsonFactory();
    /** As many ids as the parser accepts in one receipt; the rest are not looked at. */
    private static final int MAX_IDS = 256;

    private ReceiptAcks() {
    }

    static List<String> messageIds(String frame) {
        if (!frame.contains("receipt") || !frame.contains("messageIds")) {
            return List.of();
        }
        boolean receipt = false;
        List<String> ids = List.of();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return List.of();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    receipt = parser.getString().equals("receipt");
                } else if (name.equals("messageIds") && value == JsonToken.START_ARRAY) {
                    ids = strings(parser);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return List.of();
        }
        return receipt ? ids : List.of();
    }

    private static List<String> strings(JsonParser parser) {
        List<String> ids = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == JsonToken.VALUE_STRING && ids.size() < MAX_IDS) {
                ids.add(parser.getString());
            } else {
                parser.skipChildren();
            }
        }
        return ids;
    }
}

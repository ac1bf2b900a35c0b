package dev.courier.parser.inbound;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionRequested;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReceiptStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Parses one client frame (PROTOCOL.md, "Client → server") into a typed command, a ping, or the error frame that
 * answers it. The sender is always the session's user: anything the client writes about who it is (a {@code from})
 * is ignored, like every other unknown field. Pure: no Spring, no I/O, thread-safe.
 *
 * <p>Error codes: {@code bad_frame} when the text is not a JSON object with a string {@code type};
 * {@code unknown_type} for a type that is not a client frame; {@code invalid} (naming the field) for a known type
 * with a missing or malformed field. {@code ref} is the frame's {@code id} whenever that is a string.
 *
 * <p>Hostile input: a key given twice is a {@code bad_frame} (which copy would count is a guess other parsers may
 * make differently); nesting and number lengths are bounded by Jackson's stream constraints (a deeper frame is a
 * {@code bad_frame}); every id is printable without whitespace; texts and captions may not carry U+0000 or an unpaired
 * surrogate, which PostgreSQL and UTF-8 encoders downstream could not store or write. What is accepted is therefore
 * always writable as UTF-8 JSON and storable. Property tests ({@code FrameParserPropertiesTest}) check this.
 */
final class FrameParser {

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_MEDIA_ID_LENGTH = 128;
    static final int MAX_CAPTION_LENGTH = 1024;
    static final int MAX_LIST_SIZE = 256;
    static final int MAX_REF_LENGTH = 256;
    static final int MAX_EMOJI_CODE_POINTS = 8;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> TYPING_STATES = Set.of("composing", "paused");
    private static final Set<String> PRESENCE_STATES = Set.of("foreground", "background");

    private final Clock clock;

    FrameParser(Clock clock) {
        this.clock = clock;
    }

    ParsedFrame parse(DeviceSession session, String text) {
        JsonNode frame = readObject(text);
        if (frame == null) {
            return rejected(ErrorFrame.BAD_FRAME, "a frame must be one JSON object", null);
        }
        String ref = refOf(frame.get("id"));
        JsonNode type = frame.get("type");
        if (type == null || !type.isString()) {
            return rejected(ErrorFrame.BAD_FRAME, "type is required and must be a string", ref);
        }
        try {
            return switch (type.stringValue()) {
                case "send" -> command("send", send(session, frame));
                case "receipt" -> command("receipt", receipt(session, frame));
                case "typing" -> command("typing", typing(session, frame));
                case "presence" -> command("presence", presence(session, frame));
                case "subscribe_presence" -> command("subscribe_presence", subscribePresence(session, frame));
                case "react" -> command("react", action(session, frame, MessageAction.REACT));
                case "edit" -> command("edit", action(session, frame, MessageAction.EDIT));
                case "delete" -> command("delete", action(session, frame, MessageAction.DELETE));
                case "ping" -> new ParsedFrame.Ping();
                default -> rejected(ErrorFrame.UNKNOWN_TYPE, "unknown type " + quoted(type.stringValue()), ref);
            };
        } catch (InvalidField e) {
            return rejected(ErrorFrame.INVALID, e.getMessage(), ref);
        }
    }

    private static JsonNode readObject(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    private SendRequested send(DeviceSession session, JsonNode frame) {
        String id = frameId(frame);
        Recipient to = recipient(frame.get("to"));
        MessageBody body = body(frame.get("body"));
        // Optional (PROTOCOL.md v1.1): the id of a message of the same conversation; message-service checks that.
        String replyTo = isPresent(frame.get("replyTo")) ? nonBlank(frame.get("replyTo"), "replyTo", MAX_ID_LENGTH)
                : null;
        return new SendRequested(UUID.randomUUID(), clock.instant(), session, id, to, body, null, replyTo);
    }

    /** The frame's own {@code id}: what its answer's {@code ref} names, and what makes a repeat idempotent. */
    private static String frameId(JsonNode frame) {
        String id = stringOrNull(frame.get("id"));
        if (id == null || id.isEmpty() || length(id) > MAX_ID_LENGTH || !isPrintableWithoutWhitespace(id)) {
            throw new InvalidField("id is required: a string of 1 to " + MAX_ID_LENGTH
                    + " printable characters without whitespace");
        }
        return id;
    }

    /**
     * {@code react} ({@code emoji}: {@code ""} or 1 to {@value #MAX_EMOJI_CODE_POINTS} code points),
     * {@code edit} ({@code body}: a text, by the rules of a send) or {@code delete}, each with its {@code id} and
     * the {@code messageId} it acts on. Whether the message exists and the sender may act on it is
     * message-service's business.
     */
    private MessageActionRequested action(DeviceSession session, JsonNode frame, MessageAction action) {
        String id = frameId(frame);
        String messageId = nonBlank(frame.get("messageId"), "messageId", MAX_ID_LENGTH);
        String emoji = null;
        MessageBody body = null;
        switch (action) {
            case REACT -> emoji = emoji(frame.get("emoji"));
            case EDIT -> {
                body = body(frame.get("body"));
                if (body.text() == null) {
                    throw new InvalidField("body must have text: only a text can be edited");
                }
            }
            case DELETE -> { }
        }
        return new MessageActionRequested(UUID.randomUUID(), clock.instant(), session, action, id, messageId, emoji,
                body);
    }

    /** {@code ""} (take the reaction back) or 1 to 8 code points, none of them a control character. */
    private static String emoji(JsonNode node) {
        String emoji = stringOrNull(node);
        if (emoji == null || length(emoji) > MAX_EMOJI_CODE_POINTS || !isStorable(emoji)
                || emoji.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidField("emoji must be a string of 0 to " + MAX_EMOJI_CODE_POINTS
                    + " Unicode code points without control characters (\"\" removes the reaction)");
        }
        return emoji;
    }

    private ReceiptRequested receipt(DeviceSession session, JsonNode frame) {
        String statusName = stringOrNull(frame.get("status"));
        ReceiptStatus status = ReceiptStatus.fromWire(statusName);
        if (status != ReceiptStatus.DELIVERED && status != ReceiptStatus.READ) {
            throw new InvalidField("status must be delivered or read");
        }
        List<String> messageIds = idList(frame.get("messageIds"), "messageIds");
        if (messageIds.isEmpty()) {
            throw new InvalidField("messageIds must not be empty");
        }
        return new ReceiptRequested(UUID.randomUUID(), clock.instant(), session, status, messageIds);
    }

    private TypingRequested typing(DeviceSession session, JsonNode frame) {
        Recipient to = recipient(frame.get("to"));
        String state = oneOf(frame.get("state"), "state", TYPING_STATES, "composing or paused");
        return new TypingRequested(UUID.randomUUID(), clock.instant(), session, to, state);
    }

    private PresenceChangeRequested presence(DeviceSession session, JsonNode frame) {
        String state = oneOf(frame.get("state"), "state", PRESENCE_STATES, "foreground or background");
        return new PresenceChangeRequested(UUID.randomUUID(), clock.instant(), session, state);
    }

    private PresenceSubscriptionRequested subscribePresence(DeviceSession session, JsonNode frame) {
        List<String> users = idList(frame.get("users"), "users");
        return new PresenceSubscriptionRequested(UUID.randomUUID(), clock.instant(), session, users);
    }

    /** {@code {"user":…}} or {@code {"group":…}}: exactly one, a non-blank id. */
    private static Recipient recipient(JsonNode to) {
        if (to == null || !to.isObject()) {
            throw new InvalidField("to is required: an object with user or group");
        }
        boolean hasUser = isPresent(to.get("user"));
        boolean hasGroup = isPresent(to.get("group"));
        if (hasUser == hasGroup) {
            throw new InvalidField("to must have exactly one of user or group");
        }
        return hasUser
                ? Recipient.user(nonBlank(to.get("user"), "to.user", MAX_ID_LENGTH))
                : Recipient.group(nonBlank(to.get("group"), "to.group", MAX_ID_LENGTH));
    }

    /** {@code {"text":…}} or {@code {"image":{"mediaId":…, "caption":…}}}: exactly one. */
    private static MessageBody body(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidField("body is required: an object with text or image");
        }
        if (body.has("system")) {
            throw new InvalidField("body.system is written by the server only");
        }
        if (isPresent(body.get("system"))) {
            throw new InvalidField("body.system is written by the server only");
        }
        boolean hasText = isPresent(body.get("text"));
        boolean hasImage = isPresent(body.get("image"));
        if (hasText == hasImage) {
            throw new InvalidField("body must have exactly one of text or image");
        }
        if (hasText) {
            String text = stringOrNull(body.get("text"));
            if (text == null || text.isEmpty() || length(text) > MessageBody.MAX_TEXT_LENGTH || !isStorable(text)) {
                throw new InvalidField("body.text must be a string of 1 to " + MessageBody.MAX_TEXT_LENGTH
                        + " characters, without U+0000 or unpaired surrogates");
            }
            return MessageBody.text(text);
        }
        JsonNode image = body.get("image");
        if (!image.isObject()) {
            throw new InvalidField("body.image must be an object with mediaId");
        }
        String mediaId = nonBlank(image.get("mediaId"), "body.image.mediaId", MAX_MEDIA_ID_LENGTH);
        String caption = null;
        if (isPresent(image.get("caption"))) {
            caption = stringOrNull(image.get("caption"));
            if (caption == null || length(caption) > MAX_CAPTION_LENGTH || !isStorable(caption)) {
                throw new InvalidField("body.image.caption must be a string of at most " + MAX_CAPTION_LENGTH
                        + " characters, without U+0000 or unpaired surrogates");
            }
        }
        return new MessageBody(null, new MessageBody.Image(mediaId, caption));
    }

    /** An array of at most {@value #MAX_LIST_SIZE} non-blank ids (possibly empty: callers decide). */
    private static List<String> idList(JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            throw new InvalidField(field + " is required: an array of ids");
        }
        if (array.size() > MAX_LIST_SIZE) {
            throw new InvalidField(field + " must have at most " + MAX_LIST_SIZE + " ids");
        }
        List<String> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ids.add(nonBlank(array.get(i), field + "[" + i + "]", MAX_ID_LENGTH));
        }
        return List.copyOf(ids);
    }

    private static String oneOf(JsonNode node, String field, Set<String> allowed, String described) {
        String value = stringOrNull(node);
        if (value == null || !allowed.contains(value)) {
            throw new InvalidField(field + " must be " + described);
        }
        return value;
    }

    /** An id: 1 to {@code maxLength} printable characters without whitespace (ids are opaque, never prose). */
    private static String nonBlank(JsonNode node, String field, int maxLength) {
        String value = stringOrNull(node);
        if (value == null || value.isBlank() || length(value) > maxLength || !isPrintableWithoutWhitespace(value)) {
            throw new InvalidField(field + " must be a string of 1 to " + maxLength
                    + " printable characters without whitespace");
        }
        return value;
    }

    /** No U+0000 (PostgreSQL text refuses it) and no unpaired surrogate (no UTF-8 encoding exists for one). */
    private static boolean isStorable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The frame's {@code id} as an error's {@code ref}: when it is a string of at most {@value #MAX_REF_LENGTH}
     * characters without U+0000 or unpaired surrogates, so the echo is short and always writable.
     */
    private static String refOf(JsonNode id) {
        String value = stringOrNull(id);
        return value != null && value.length() <= MAX_REF_LENGTH && isStorable(value) ? value : null;
    }

    /** A JSON null counts as absent, as many clients write nulls for fields they do not use. */
    private static boolean isPresent(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String stringOrNull(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** Lengths count characters (code points), so an emoji is one, as a user would count it. */
    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    private static boolean isPrintableWithoutWhitespace(String value) {
        return value.codePoints().allMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && !Character.isISOControl(c) && switch (Character.getType(c)) {
                    case Character.UNASSIGNED, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE -> false;
                    default -> true;
                });
    }

    /** The type as the error message may repeat it: short and printable only, so the echo is always writable. */
    private static String quoted(String type) {
        return length(type) <= MAX_ID_LENGTH && isPrintableWithoutWhitespace(type) ? "\"" + type + "\""
                : "(not repeated)";
    }

    private static ParsedFrame command(String type, CourierEvent command) {
        return new ParsedFrame.Command(type, command);
    }

    private static ParsedFrame rejected(String code, String message, String ref) {
        return new ParsedFrame.Rejected(new ErrorFrame(code, message, ref));
    }

    /** A field that is missing or malformed; its message names the field and is sent to the client. */
    private static final class InvalidField extends RuntimeException {

        InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}

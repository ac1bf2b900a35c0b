package dev.courier.parser.inbound;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.parser.FrameWriter;
import dev.courier.support.kafka.EventJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link FrameParser} on random and mutated frames: it never throws, every answer is writable as
 * UTF-8 JSON (what Kafka and the socket need), every valid frame is accepted as its own type, and every frame made
 * invalid by one mutation (a field dropped, retyped, too long, with bad characters, nested too deep, a key
 * duplicated, ...) is answered with an {@code error} whose code PROTOCOL.md names. 1000 tries each: seconds.
 */
class FrameParserPropertiesTest {

    private static final DeviceSession SESSION = new DeviceSession("alice", "phone", "s-1", "gw-1");
    private static final Set<String> PARSER_CODES = Set.of(ErrorFrame.BAD_FRAME, ErrorFrame.UNKNOWN_TYPE,
            ErrorFrame.INVALID);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strings a fuzzer tries first: empty, blank, control and format characters, unpaired surrogates, emoji. */
    private static final List<String> EDGE_STRINGS = List.of("", " ", "\t", "\u0000", "a\u0000b", "\u0001",
            "\u007f", "\ud800", "\udc00x", "x\ud83d", "😀", "👍🏽", "e\u0301", "\u202e", "\ufeff", "\u200b", "\uffff",
            "\u2028", "null", "{}", "\"", "\\", "<script>", "' OR 1=1 --", "%00", "\r\n");

    private final FrameParser parser = new FrameParser(Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"),
            ZoneOffset.UTC));
    private final FrameWriter writer = new FrameWriter();

    @Property(tries = 1000)
    void anyTextIsAnsweredWithoutThrowingAndTheAnswerIsWritable(@ForAll("anyText") String text) {
        ParsedFrame parsed = parser.parse(SESSION, text);
        assertWritable(parsed);
        if (parsed instanceof ParsedFrame.Rejected(ErrorFrame error)) {
            assertThat(error.code()).isIn(PARSER_CODES);
        }
    }

    @Property(tries = 1000)
    void everyValidFrameIsAcceptedAsItsType(@ForAll("validFrames") ObjectNode frame) {
        ParsedFrame parsed = parser.parse(SESSION, JSON.writeValueAsString(frame));
        String type = frame.get("type").stringValue();
        if (type.equals("ping")) {
            assertThat(parsed).isInstanceOf(ParsedFrame.Ping.class);
        } else {
            assertThat(parsed).as("%s", frame).isInstanceOfSatisfying(ParsedFrame.Command.class,
                    command -> assertThat(command.type()).isEqualTo(type));
        }
        assertWritable(parsed);
    }

    @Property(tries = 1000)
    void aValidFrameWithHarmlessAdditionsIsStillAccepted(@ForAll("validFrames") ObjectNode frame,
                                                         @ForAll("unknownFieldNames") String name,
                                                         @ForAll("jsonValues") JsonNode value) {
        ObjectNode extended = frame.deepCopy();
        extended.set(name, value);
        extended.put("from", "mallory");
        ParsedFrame parsed = parser.parse(SESSION, JSON.writeValueAsString(extended));
        assertThat(parsed).as("%s", extended).isNotInstanceOf(ParsedFrame.Rejected.class);
        if (parsed instanceof ParsedFrame.Command command
                && command.command() instanceof dev.courier.contracts.events.SendRequested send) {
            assertThat(send.session().userId()).isEqualTo("alice");
        }
    }

    @Property(tries = 1000)
    void everyInvalidFrameIsAnsweredWithAnErrorOfTheExpectedCode(@ForAll("invalidFrames") Mutated mutated) {
        ParsedFrame parsed = parser.parse(SESSION, mutated.text());
        assertThat(parsed).as("%s: %s", mutated.mutation(), abbreviated(mutated.text()))
                .isInstanceOf(ParsedFrame.Rejected.class);
        ErrorFrame error = ((ParsedFrame.Rejected) parsed).error();
        assertThat(error.code()).as(mutated.mutation()).isIn(mutated.codes());
        assertThat(error.message()).hasSizeLessThan(200);
        if (error.ref() != null) {
            assertThat(error.ref()).hasSizeLessThanOrEqualTo(FrameParser.MAX_REF_LENGTH);
        }
        assertWritable(parsed);
    }

    /** An accepted command, or the error or pong sent back, must serialise to UTF-8 JSON: Kafka carries it next. */
    private void assertWritable(ParsedFrame parsed) {
        switch (parsed) {
            case ParsedFrame.Command command -> assertThat(EventJson.write(command.command())).isNotEmpty();
            case ParsedFrame.Rejected(ErrorFrame error) -> {
                FrameOutbound outbound = writer.outbound(SESSION, error, Instant.EPOCH);
                assertThat(EventJson.write(outbound)).isNotEmpty();
            }
            case ParsedFrame.Ping ping -> { }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Random text

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of(EDGE_STRINGS),
                jsonValues().map(JSON::writeValueAsString),
                tokenSoup(),
                Arbitraries.integers().between(100, 20_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(100, 20_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(1_000, 70_000).map(n -> "{\"type\":\"send\",\"n\":" + "9".repeat(n) + "}"),
                invalidFrames().map(Mutated::text),
                validFrames().map(JSON::writeValueAsString)
                        .flatMap(text -> Arbitraries.integers().between(0, text.length())
                                .map(cut -> text.substring(0, cut))));
    }

    /** Fragments of JSON glued at random: mostly malformed, sometimes not. */
    private Arbitrary<String> tokenSoup() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"type\"", "\"send\"", "\"ping\"", "\"id\"", "null",
                        "true", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"", "\"x\"", " ", "\"to\"", "{\"user\":\"b\"}")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        return jsonValue(4);
    }

    private Arbitrary<JsonNode> jsonValue(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                anyString().map(NODES::stringNode));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = jsonValue(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Combinators.combine(anyString(), jsonValue(depth - 1)).as(Tuple::of)
                .list().ofMaxSize(4).map(entries -> {
                    ObjectNode node = NODES.objectNode();
                    entries.forEach(entry -> node.set(entry.get1(), entry.get2()));
                    return node;
                });
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    private Arbitrary<String> anyString() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30), Arbitraries.of(EDGE_STRINGS));
    }

    @Provide
    Arbitrary<String> unknownFieldNames() {
        return anyString().filter(name -> !Set.of("type", "id", "to", "body", "status", "messageIds", "state", "users",
                "from").contains(name));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Valid frames, one generator per client frame of PROTOCOL.md

    @Provide
    Arbitrary<ObjectNode> validFrames() {
        return Arbitraries.oneOf(send(), receipt(), typing(), presence(), subscribePresence(),
                Arbitraries.just(frame("ping")));
    }

    private Arbitrary<ObjectNode> send() {
        Arbitrary<ObjectNode> textBody = text(1, 300).map(text -> object().put("text", text));
        Arbitrary<ObjectNode> imageBody = Combinators.combine(id(FrameParser.MAX_MEDIA_ID_LENGTH),
                text(0, 100).injectNull(0.3)).as((mediaId, caption) -> {
                    ObjectNode image = object().put("mediaId", mediaId);
                    if (caption != null) {
                        image.put("caption", caption);
                    }
                    return object().set("image", image);
                });
        return Combinators.combine(id(FrameParser.MAX_ID_LENGTH), recipient(), Arbitraries.oneOf(textBody, imageBody))
                .as((id, to, body) -> {
                    ObjectNode frame = frame("send").put("id", id);
                    frame.set("to", to);
                    frame.set("body", body);
                    return frame;
                });
    }

    private Arbitrary<ObjectNode> receipt() {
        return Combinators.combine(Arbitraries.of("delivered", "read"), ids(1)).as((status, ids) -> {
            ObjectNode frame = frame("receipt").put("status", status);
            frame.set("messageIds", ids);
            return frame;
        });
    }

    private Arbitrary<ObjectNode> typing() {
        return Combinators.combine(recipient(), Arbitraries.of("composing", "paused")).as((to, state) -> {
            ObjectNode frame = frame("typing");
            frame.set("to", to);
            return frame.put("state", state);
        });
    }

    private Arbitrary<ObjectNode> presence() {
        return Arbitraries.of("foreground", "background").map(state -> frame("presence").put("state", state));
    }

    private Arbitrary<ObjectNode> subscribePresence() {
        return ids(0).map(users -> {
            ObjectNode frame = frame("subscribe_presence");
            frame.set("users", users);
            return frame;
        });
    }

    private Arbitrary<ObjectNode> recipient() {
        return Combinators.combine(Arbitraries.of("user", "group"), id(FrameParser.MAX_ID_LENGTH))
                .as((kind, id) -> object().put(kind, id));
    }

    private Arbitrary<ArrayNode> ids(int min) {
        return id(FrameParser.MAX_ID_LENGTH).list().ofMinSize(min).ofMaxSize(8).map(list -> {
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
    }

    /** Printable, no whitespace: ASCII, a few letters beyond it, and an emoji (two UTF-16 units, one character). */
    private Arbitrary<String> id(int maxLength) {
        return Arbitraries.oneOf(
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.strings().withCharRange('!', '~').withChars('é', 'ß', '日', 'Ω').ofMinLength(1)
                        .ofMaxLength(maxLength),
                Arbitraries.integers().between(1, maxLength).map("😀"::repeat));
    }

    /** Any text a user could type: no U+0000, surrogates only in pairs (emoji with a skin tone: two characters). */
    private Arbitrary<String> text(int min, int max) {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0001', '\ud7ff')
                .withCharRange('\ue000', '\ufffd').ofMinLength(min).ofMaxLength(max);
        Arbitrary<String> emoji = Arbitraries.integers().between(Math.max(min, 1), max / 2).map("👍🏽"::repeat);
        return Arbitraries.oneOf(bmp, emoji);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invalid frames: a valid frame and one mutation that must make it invalid

    /** The frame text after one mutation, what was done, and the error codes acceptable for it. */
    record Mutated(String text, String mutation, Set<String> codes) {
    }

    @Provide
    Arbitrary<Mutated> invalidFrames() {
        return validFrames().flatMap(frame -> Arbitraries.oneOf(mutationsOf(frame)));
    }

    private List<Arbitrary<Mutated>> mutationsOf(ObjectNode frame) {
        List<Arbitrary<Mutated>> mutations = new ArrayList<>();
        Set<String> badFrame = Set.of(ErrorFrame.BAD_FRAME);
        Set<String> invalid = Set.of(ErrorFrame.INVALID);
        Set<String> deep = Set.of(ErrorFrame.BAD_FRAME, ErrorFrame.INVALID);

        mutations.add(Arbitraries.just(mutated(frame, "type dropped", badFrame, f -> { f.remove("type"); return f; })));
        mutations.add(wrongTypes().filter(wrong -> !wrong.isString()).map(wrong -> mutated(frame,
                "type retyped to " + wrong, badFrame, f -> f.set("type", wrong))));
        mutations.add(anyString().filter(t -> !Set.of("send", "receipt", "typing", "presence", "subscribe_presence",
                "ping", "react", "edit", "delete").contains(t)).map(t -> mutated(frame, "unknown type", Set.of(ErrorFrame.UNKNOWN_TYPE),
                f -> f.put("type", t))));
        mutations.add(Arbitraries.just(new Mutated(duplicateKey(frame), "type given twice", badFrame)));
        mutations.add(Arbitraries.of(" x", "}", ",", "{}", "]").map(tail -> new Mutated(
                JSON.writeValueAsString(frame) + tail, "trailing " + tail, badFrame)));

        for (Field field : requiredFields(frame)) {
            String path = field.path();
            if (!field.optional()) {
                mutations.add(Arbitraries.just(mutated(frame, path + " dropped", invalid, f -> remove(f, path))));
            }
            mutations.add(wrongTypes().filter(wrong -> !field.kind().accepts(wrong))
                    .filter(wrong -> !(field.optional() && wrong.isNull()))
                    .map(wrong -> mutated(frame, path + " retyped to " + wrong, invalid, f -> set(f, path, wrong))));
            mutations.add(Arbitraries.integers().between(1_001, 20_000).map(depth -> deeplyNested(frame, path, depth,
                    deep)));
            switch (field.kind()) {
                case ID -> {
                    mutations.add(Arbitraries.of("", " ", "a b", "\u0000", "a\u0000", "\u0001x", "\u200b", "\ud800",
                            "x\udc00", "\u202e", "\ufeff", "\n").map(bad -> mutated(frame, path + " = " + escaped(bad),
                            invalid, f -> set(f, path, NODES.stringNode(bad)))));
                    mutations.add(Arbitraries.integers().between(field.maxLength() + 1, field.maxLength() + 2000)
                            .map(n -> mutated(frame, path + " of " + n + " characters", invalid,
                                    f -> set(f, path, NODES.stringNode("é".repeat(n))))));
                }
                case TEXT -> {
                    mutations.add(Arbitraries.of("\u0000", "hi\u0000", "\ud800", "a\udc00b", "x\ud83d")
                            .map(bad -> mutated(frame, path + " = " + escaped(bad), invalid,
                                    f -> set(f, path, NODES.stringNode(bad)))));
                    mutations.add(Arbitraries.integers().between(field.maxLength() + 1, field.maxLength() + 3000)
                            .map(n -> mutated(frame, path + " of " + n + " characters", invalid,
                                    f -> set(f, path, NODES.stringNode("😀".repeat(n))))));
                    if (field.maxLength() == MessageBody.MAX_TEXT_LENGTH) {
                        mutations.add(Arbitraries.just(mutated(frame, path + " empty", invalid,
                                f -> set(f, path, NODES.stringNode("")))));
                    }
                }
                case ENUM -> mutations.add(anyString().filter(s -> !Set.of("delivered", "read", "composing",
                        "paused", "foreground", "background").contains(s)).map(s -> mutated(frame, path + " = "
                        + escaped(s), invalid, f -> set(f, path, NODES.stringNode(s)))));
                case LIST, NONEMPTY_LIST -> {
                    mutations.add(Arbitraries.integers().between(FrameParser.MAX_LIST_SIZE + 1, 600)
                            .map(n -> mutated(frame, path + " of " + n + " ids", invalid, f -> {
                                ArrayNode many = NODES.arrayNode();
                                for (int i = 0; i < n; i++) {
                                    many.add("id-" + i);
                                }
                                return set(f, path, many);
                            })));
                    mutations.add(Arbitraries.oneOf(wrongTypes().filter(wrong -> !wrong.isString()),
                            Arbitraries.of("", " ", "\u0000", "\ud800")
                            .map(NODES::stringNode)).map(bad -> mutated(frame, path + " with element " + bad, invalid,
                            f -> {
                                ((ArrayNode) get(f, path)).add(bad);
                                return f;
                            })));
                    if (field.kind() == Kind.NONEMPTY_LIST) {
                        mutations.add(Arbitraries.just(mutated(frame, path + " empty", invalid,
                                f -> set(f, path, NODES.arrayNode()))));
                    }
                }
                case OBJECT -> {
                    if (path.equals("to")) {
                        mutations.add(Arbitraries.just(mutated(frame, "to with user and group", invalid, f -> {
                            ((ObjectNode) f.get("to")).put("user", "u1").put("group", "g1");
                            return f;
                        })));
                        mutations.add(Arbitraries.just(mutated(frame, "to empty", invalid,
                                f -> f.set("to", object()))));
                    }
                    if (path.equals("body")) {
                        mutations.add(Arbitraries.just(mutated(frame, "body with text and image", invalid, f -> {
                            ((ObjectNode) f.get("body")).put("text", "hi").set("image", object().put("mediaId", "m"));
                            return f;
                        })));
                        mutations.add(Arbitraries.just(mutated(frame, "body with a system event", invalid, f -> {
                            ((ObjectNode) f.get("body")).set("system", object().put("event", "disappearing"));
                            return f;
                        })));
                    }
                }
            }
        }
        return mutations;
    }

    enum Kind {
        ID, TEXT, ENUM, LIST, NONEMPTY_LIST, OBJECT;

        /** Whether a value of that JSON type could still be valid in this field. */
        boolean accepts(JsonNode value) {
            return switch (this) {
                case ID, TEXT, ENUM -> value.isString();
                case LIST, NONEMPTY_LIST -> value.isArray();
                case OBJECT -> value.isObject();
            };
        }
    }

    /** A field to mutate; an {@code optional} one may be absent or null, so dropping it is no mutation. */
    record Field(String path, Kind kind, int maxLength, boolean optional) {

        Field(String path, Kind kind, int maxLength) {
            this(path, kind, maxLength, false);
        }
    }

    /** The fields PROTOCOL.md requires in this (valid) frame, with what they must hold. */
    private static List<Field> requiredFields(ObjectNode frame) {
        List<Field> fields = new ArrayList<>();
        switch (frame.get("type").stringValue()) {
            case "send" -> {
                fields.add(new Field("id", Kind.ID, FrameParser.MAX_ID_LENGTH));
                addRecipient(frame, fields);
                fields.add(new Field("body", Kind.OBJECT, 0));
                JsonNode body = frame.get("body");
                if (body.has("text")) {
                    fields.add(new Field("body.text", Kind.TEXT, MessageBody.MAX_TEXT_LENGTH));
                } else {
                    fields.add(new Field("body.image", Kind.OBJECT, 0));
                    fields.add(new Field("body.image.mediaId", Kind.ID, FrameParser.MAX_MEDIA_ID_LENGTH));
                    if (body.get("image").has("caption")) {
                        fields.add(new Field("body.image.caption", Kind.TEXT, FrameParser.MAX_CAPTION_LENGTH, true));
                    }
                }
            }
            case "receipt" -> {
                fields.add(new Field("status", Kind.ENUM, 0));
                fields.add(new Field("messageIds", Kind.NONEMPTY_LIST, 0));
            }
            case "typing" -> {
                addRecipient(frame, fields);
                fields.add(new Field("state", Kind.ENUM, 0));
            }
            case "presence" -> fields.add(new Field("state", Kind.ENUM, 0));
            case "subscribe_presence" -> fields.add(new Field("users", Kind.LIST, 0));
            default -> { }
        }
        return fields;
    }

    private static void addRecipient(ObjectNode frame, List<Field> fields) {
        fields.add(new Field("to", Kind.OBJECT, 0));
        fields.add(new Field(frame.get("to").has("user") ? "to.user" : "to.group", Kind.ID, FrameParser.MAX_ID_LENGTH));
    }

    private static Mutated mutated(ObjectNode frame, String mutation, Set<String> codes, UnaryOperator<ObjectNode> change) {
        return new Mutated(JSON.writeValueAsString(change.apply(frame.deepCopy())), mutation, codes);
    }

    /** A value of each JSON type (callers drop the types a field accepts). A null counts as absent. */
    private Arbitrary<JsonNode> wrongTypes() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.just(NODES.numberNode(1.5e300)),
                Arbitraries.just(NODES.arrayNode().add("x")),
                Arbitraries.just(NODES.objectNode().put("x", 1)),
                Arbitraries.just(NODES.stringNode("text")));
    }

    /** The field replaced by arrays nested {@code depth} deep: written as text, as no JSON writer nests that far. */
    private static Mutated deeplyNested(ObjectNode frame, String path, int depth, Set<String> codes) {
        String placeholder = "\"nested-" + java.util.UUID.randomUUID() + "\"";
        String text = JSON.writeValueAsString(set(frame.deepCopy(), path, JSON.readTree(placeholder)));
        return new Mutated(text.replace(placeholder, "[".repeat(depth) + "]".repeat(depth)),
                path + " nested " + depth + " deep", codes);
    }

    private static String duplicateKey(ObjectNode frame) {
        String text = JSON.writeValueAsString(frame);
        return "{\"type\":" + JSON.writeValueAsString(frame.get("type")) + "," + text.substring(1);
    }

    private static ObjectNode frame(String type) {
        return object().put("type", type);
    }

    private static ObjectNode object() {
        return NODES.objectNode();
    }

    private static JsonNode get(ObjectNode frame, String path) {
        JsonNode node = frame;
        for (String part : path.split("\\.")) {
            node = node.get(part);
        }
        return node;
    }

    private static ObjectNode set(ObjectNode frame, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? frame : (ObjectNode) get(frame, path.substring(0, dot));
        parent.set(path.substring(dot + 1), value);
        return frame;
    }

    private static ObjectNode remove(ObjectNode frame, String path) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? frame : (ObjectNode) get(frame, path.substring(0, dot));
        parent.remove(path.substring(dot + 1));
        return frame;
    }

    private static String escaped(String value) {
        return escaped(value, 20);
    }

    private static String escaped(String value, int limit) {
        StringBuilder out = new StringBuilder();
        value.chars().limit(limit).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
        return out.toString();
    }

    private static String abbreviated(String text) {
        return escaped(text, 300) + (text.length() > 300 ? "..." : "");
    }
}

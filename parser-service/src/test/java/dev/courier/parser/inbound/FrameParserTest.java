package dev.courier.parser.inbound;

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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FrameParserTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final DeviceSession SESSION = new DeviceSession("alice", "phone", "s-1", "gw-1");

    private final FrameParser parser = new FrameParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private ParsedFrame parse(String json) {
        return parser.parse(SESSION, json.replace('\'', '"'));
    }

    private <T> T command(String json, Class<T> type) {
        ParsedFrame parsed = parse(json);
        assertThat(parsed).as("parsed %s", json).isInstanceOf(ParsedFrame.Command.class);
        Object command = ((ParsedFrame.Command) parsed).command();
        assertThat(command).isInstanceOf(type);
        return type.cast(command);
    }

    private ErrorFrame error(String json) {
        ParsedFrame parsed = parse(json);
        assertThat(parsed).as("parsed %s", json).isInstanceOf(ParsedFrame.Rejected.class);
        return ((ParsedFrame.Rejected) parsed).error();
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }

    @Nested
    class BadFrames {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "not json", "{", "{'type':'ping'", "[1,2]", "'send'", "42", "null", "true",
                "{'type':'ping'} {'type':'ping'}", "{'type':'ping'} x"})
        void textThatIsNotOneJsonObjectIsABadFrame(String text) {
            ErrorFrame error = error(text);
            assertThat(error.code()).isEqualTo(ErrorFrame.BAD_FRAME);
            assertThat(error.ref()).isNull();
        }

        @Test
        void nullTextIsABadFrame() {
            assertThat(parser.parse(SESSION, null)).isInstanceOf(ParsedFrame.Rejected.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{'id':'m1'}", "{'type':1}", "{'type':null}", "{'type':{'x':1}}",
                "{'type':['send']}", "{'type':true}"})
        void missingOrNonStringTypeIsABadFrame(String json) {
            ErrorFrame error = error(json);
            assertThat(error.code()).isEqualTo(ErrorFrame.BAD_FRAME);
            assertThat(error.message()).contains("type");
        }

        @Test
        void badFrameCarriesTheIdAsRefWhenItIsAString() {
            assertThat(error("{'id':'m1'}").ref()).isEqualTo("m1");
            assertThat(error("{'id':7}").ref()).isNull();
        }
    }

    @Nested
    class UnknownTypes {

        @ParameterizedTest
        @ValueSource(strings = {"hello", "SEND", "Send", "pong", "message", "error", "", "subscribe-presence"})
        void aStringTypeThatIsNoClientFrameIsUnknown(String type) {
            ErrorFrame error = error("{'type':'" + type + "','id':'x1'}");
            assertThat(error.code()).isEqualTo(ErrorFrame.UNKNOWN_TYPE);
            assertThat(error.ref()).isEqualTo("x1");
        }

        @Test
        void withoutAStringIdThereIsNoRef() {
            assertThat(error("{'type':'nope'}").ref()).isNull();
            assertThat(error("{'type':'nope','id':5}").ref()).isNull();
        }

        @Test
        void aVeryLongTypeIsNotEchoedBack() {
            ErrorFrame error = error("{'type':'" + repeat("x", 5000) + "'}");
            assertThat(error.code()).isEqualTo(ErrorFrame.UNKNOWN_TYPE);
            assertThat(error.message()).hasSizeLessThan(100);
        }
    }

    @Nested
    class Send {

        @Test
        void aTextToAUserBecomesSendRequestedFromTheSession() {
            SendRequested send = command("{'type':'send','id':'m-1','to':{'user':'bob'},'body':{'text':'hi'}}",
                    SendRequested.class);
            assertThat(send.session()).isEqualTo(SESSION);
            assertThat(send.messageId()).isEqualTo("m-1");
            assertThat(send.to()).isEqualTo(Recipient.user("bob"));
            assertThat(send.body()).isEqualTo(MessageBody.text("hi"));
            assertThat(send.eventId()).isNotNull();
            assertThat(send.at()).isEqualTo(NOW);
        }

        @Test
        void aReplyCarriesTheIdOfTheMessageItQuotes() {
            SendRequested reply = command("{'type':'send','id':'m-2','to':{'user':'bob'},'body':{'text':'yes'},"
                    + "'replyTo':'m-1'}", SendRequested.class);
            assertThat(reply.replyTo()).isEqualTo("m-1");
            assertThat(command("{'type':'send','id':'m-3','to':{'user':'bob'},'body':{'text':'no'},'replyTo':null}",
                    SendRequested.class).replyTo()).as("null is absent").isNull();
            assertThat(command("{'type':'send','id':'m-4','to':{'user':'bob'},'body':{'text':'no'}}",
                    SendRequested.class).replyTo()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"''", "' '", "'a b'", "7", "{'id':'m-1'}", "['m-1']", "true",
                "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"})
        void aReplyToThatIsNoWellFormedIdIsInvalid(String replyTo) {
            ErrorFrame error = error("{'type':'send','id':'m-2','to':{'user':'bob'},'body':{'text':'yes'},"
                    + "'replyTo':" + replyTo + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).contains("replyTo");
            assertThat(error.ref()).isEqualTo("m-2");
        }

        @Test
        void eachCommandGetsAFreshEventId() {
            String json = "{'type':'send','id':'m-1','to':{'user':'bob'},'body':{'text':'hi'}}";
            assertThat(command(json, SendRequested.class).eventId())
                    .isNotEqualTo(command(json, SendRequested.class).eventId());
        }

        @Test
        void anImageToAGroupWithCaption() {
            SendRequested send = command("{'type':'send','id':'m-2','to':{'group':'g1'},"
                    + "'body':{'image':{'mediaId':'med-1','caption':'look'}}}", SendRequested.class);
            assertThat(send.to()).isEqualTo(Recipient.group("g1"));
            assertThat(send.body()).isEqualTo(new MessageBody(null, new MessageBody.Image("med-1", "look")));
        }

        @Test
        void anImageWithoutCaption() {
            SendRequested send = command("{'type':'send','id':'m-2','to':{'user':'b'},"
                    + "'body':{'image':{'mediaId':'med-1'}}}", SendRequested.class);
            assertThat(send.body().image()).isEqualTo(new MessageBody.Image("med-1", null));
            SendRequested nullCaption = command("{'type':'send','id':'m-2','to':{'user':'b'},"
                    + "'body':{'image':{'mediaId':'med-1','caption':null}}}", SendRequested.class);
            assertThat(nullCaption.body().image().caption()).isNull();
        }

        @Test
        void aClientSetFromIsIgnored() {
            SendRequested send = command("{'type':'send','id':'m-1','from':'mallory','to':{'user':'bob'},"
                    + "'body':{'text':'hi'}}", SendRequested.class);
            assertThat(send.session().userId()).isEqualTo("alice");
        }

        @Test
        void unknownFieldsAreIgnoredAtEveryLevel() {
            SendRequested send = command("{'type':'send','id':'m-1','extra':{'a':[1]},'to':{'user':'bob','x':1},"
                    + "'body':{'text':'hi','format':'md'}}", SendRequested.class);
            assertThat(send.body()).isEqualTo(MessageBody.text("hi"));
            assertThat(send.to()).isEqualTo(Recipient.user("bob"));
        }

        @Test
        void aNullForTheOtherRecipientKindCountsAsAbsent() {
            SendRequested send = command("{'type':'send','id':'m-1','to':{'user':'bob','group':null},"
                    + "'body':{'text':'hi'}}", SendRequested.class);
            assertThat(send.to()).isEqualTo(Recipient.user("bob"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{'type':'send','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':'','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':'a b','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':'a\\tb','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':'a\\u0001b','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':'a\\u200Bb','to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':5,'to':{'user':'bob'},'body':{'text':'hi'}}",
                "{'type':'send','id':null,'to':{'user':'bob'},'body':{'text':'hi'}}",
        })
        void theIdIsRequiredPrintableAndWithoutWhitespace(String json) {
            ErrorFrame error = error(json);
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("id ");
        }

        @Test
        void theIdIsAtMost64Characters() {
            String ok = repeat("a", 64);
            assertThat(command("{'type':'send','id':'" + ok + "','to':{'user':'b'},'body':{'text':'x'}}",
                    SendRequested.class).messageId()).isEqualTo(ok);
            ErrorFrame error = error("{'type':'send','id':'" + ok + "a','to':{'user':'b'},'body':{'text':'x'}}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("id ");
            assertThat(error.ref()).isEqualTo(ok + "a");
        }

        @Test
        void anIdWithNonAsciiPrintableCharactersIsAccepted() {
            assertThat(command("{'type':'send','id':'né-😀','to':{'user':'b'},'body':{'text':'x'}}",
                    SendRequested.class).messageId()).isEqualTo("né-😀");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "'to':null", "'to':'bob'", "'to':{}", "'to':{'user':'bob','group':'g'}", "'to':{'user':''}",
                "'to':{'user':'   '}", "'to':{'user':5}", "'to':{'group':[]}", "'to':{'user':null,'group':null}",
                "'to':{'people':'bob'}"})
        void toMustHaveExactlyOneNonBlankUserOrGroup(String to) {
            ErrorFrame error = error("{'type':'send','id':'m1'," + to + ",'body':{'text':'hi'}}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("to");
            assertThat(error.ref()).isEqualTo("m1");
        }

        @Test
        void aMissingToIsNamed() {
            ErrorFrame error = error("{'type':'send','id':'m1','body':{'text':'hi'}}");
            assertThat(error.message()).startsWith("to ");
        }

        @Test
        void recipientIdsAreAtMost64Characters() {
            command("{'type':'send','id':'m1','to':{'user':'" + repeat("u", 64) + "'},'body':{'text':'hi'}}",
                    SendRequested.class);
            ErrorFrame error = error("{'type':'send','id':'m1','to':{'group':'" + repeat("g", 65)
                    + "'},'body':{'text':'hi'}}");
            assertThat(error.message()).startsWith("to.group");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "'body':null", "'body':'hi'", "'body':{}", "'body':{'text':'hi','image':{'mediaId':'m'}}",
                "'body':{'text':''}", "'body':{'text':5}", "'body':{'text':['hi']}", "'body':{'image':'m'}",
                "'body':{'image':{}}", "'body':{'image':{'mediaId':''}}", "'body':{'image':{'mediaId':' '}}",
                "'body':{'image':{'mediaId':3}}", "'body':{'image':{'mediaId':'m','caption':7}}"})
        void theBodyMustHaveExactlyOneValidTextOrImage(String body) {
            ErrorFrame error = error("{'type':'send','id':'m1','to':{'user':'b'}," + body + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("body");
            assertThat(error.ref()).isEqualTo("m1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{'text':'hi','system':{'event':'disappearing','seconds':0,'by':'a'}}",
                "{'system':{'event':'disappearing','seconds':0,'by':'a'}}", "{'text':'hi','system':null}"})
        void aClientCannotSendASystemBody(String body) {
            ErrorFrame error = error("{'type':'send','id':'m1','to':{'user':'b'},'body':" + body + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("body.system");
            assertThat(error.ref()).isEqualTo("m1");
        }

        @Test
        void aMissingBodyIsNamed() {
            assertThat(error("{'type':'send','id':'m1','to':{'user':'b'}}").message()).startsWith("body ");
        }

        @Test
        void textLengthIsLimited() {
            String longest = repeat("x", MessageBody.MAX_TEXT_LENGTH);
            assertThat(command("{'type':'send','id':'m1','to':{'user':'b'},'body':{'text':'" + longest + "'}}",
                    SendRequested.class).body().text()).hasSize(MessageBody.MAX_TEXT_LENGTH);
            ErrorFrame error = error("{'type':'send','id':'m1','to':{'user':'b'},'body':{'text':'" + longest
                    + "x'}}");
            assertThat(error.message()).startsWith("body.text");
        }

        @Test
        void textLengthCountsCharactersNotUtf16Units() {
            String emojis = repeat("😀", MessageBody.MAX_TEXT_LENGTH);
            assertThat(command("{'type':'send','id':'m1','to':{'user':'b'},'body':{'text':'" + emojis + "'}}",
                    SendRequested.class).body().text()).isEqualTo(emojis);
        }

        @Test
        void mediaIdAndCaptionLengthsAreLimited() {
            command("{'type':'send','id':'m1','to':{'user':'b'},'body':{'image':{'mediaId':'" + repeat("m", 128)
                    + "','caption':'" + repeat("c", 1024) + "'}}}", SendRequested.class);
            assertThat(error("{'type':'send','id':'m1','to':{'user':'b'},'body':{'image':{'mediaId':'"
                    + repeat("m", 129) + "'}}}").message()).startsWith("body.image.mediaId");
            assertThat(error("{'type':'send','id':'m1','to':{'user':'b'},'body':{'image':{'mediaId':'m',"
                    + "'caption':'" + repeat("c", 1025) + "'}}}").message()).startsWith("body.image.caption");
        }

        @Test
        void aNonStringIdGivesNoRefButStillNamesTheField() {
            ErrorFrame error = error("{'type':'send','id':42,'to':{'user':'b'},'body':{'text':'x'}}");
            assertThat(error.ref()).isNull();
            assertThat(error.message()).startsWith("id ");
        }
    }

    @Nested
    class Receipt {

        @Test
        void deliveredAndReadBecomeReceiptRequested() {
            ReceiptRequested delivered = command("{'type':'receipt','status':'delivered','messageIds':['a','b']}",
                    ReceiptRequested.class);
            assertThat(delivered.status()).isEqualTo(ReceiptStatus.DELIVERED);
            assertThat(delivered.messageIds()).containsExactly("a", "b");
            assertThat(delivered.session()).isEqualTo(SESSION);
            assertThat(command("{'type':'receipt','status':'read','messageIds':['a']}", ReceiptRequested.class)
                    .status()).isEqualTo(ReceiptStatus.READ);
        }

        @ParameterizedTest
        @ValueSource(strings = {"'status':'sent'", "'status':'READ'", "'status':1", "'status':null", "'x':1"})
        void statusMustBeDeliveredOrRead(String status) {
            ErrorFrame error = error("{'type':'receipt'," + status + ",'messageIds':['a']}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("status");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'messageIds':[]", "'messageIds':'a'", "'messageIds':null", "'x':1",
                "'messageIds':['a','']", "'messageIds':['a',' ']", "'messageIds':['a',3]", "'messageIds':[null]"})
        void messageIdsMustBeANonEmptyArrayOfNonBlankStrings(String ids) {
            ErrorFrame error = error("{'type':'receipt','status':'read'," + ids + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("messageIds");
        }

        @Test
        void atMost256MessageIdsOfAtMost64Characters() {
            assertThat(command("{'type':'receipt','status':'read','messageIds':" + ids(256) + "}",
                    ReceiptRequested.class).messageIds()).hasSize(256);
            assertThat(error("{'type':'receipt','status':'read','messageIds':" + ids(257) + "}").message())
                    .startsWith("messageIds");
            assertThat(error("{'type':'receipt','status':'read','messageIds':['" + repeat("i", 65) + "']}")
                    .message()).startsWith("messageIds[0]");
        }
    }

    @Nested
    class Typing {

        @Test
        void composingAndPausedBecomeTypingRequested() {
            TypingRequested typing = command("{'type':'typing','to':{'user':'bob'},'state':'composing'}",
                    TypingRequested.class);
            assertThat(typing.to()).isEqualTo(Recipient.user("bob"));
            assertThat(typing.state()).isEqualTo("composing");
            assertThat(command("{'type':'typing','to':{'group':'g'},'state':'paused'}", TypingRequested.class)
                    .to()).isEqualTo(Recipient.group("g"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"'state':'typing'", "'state':null", "'state':1", "'x':1"})
        void stateMustBeComposingOrPaused(String state) {
            ErrorFrame error = error("{'type':'typing','to':{'user':'bob'}," + state + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("state");
        }

        @Test
        void toIsValidatedAsForSend() {
            assertThat(error("{'type':'typing','to':{'user':'a','group':'g'},'state':'paused'}").message())
                    .startsWith("to");
            assertThat(error("{'type':'typing','state':'paused'}").message()).startsWith("to");
        }
    }

    @Nested
    class Presence {

        @Test
        void foregroundAndBackground() {
            assertThat(command("{'type':'presence','state':'foreground'}", PresenceChangeRequested.class).state())
                    .isEqualTo("foreground");
            assertThat(command("{'type':'presence','state':'background'}", PresenceChangeRequested.class).state())
                    .isEqualTo("background");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'state':'online'", "'state':true", "'x':1"})
        void anyOtherStateIsInvalid(String state) {
            ErrorFrame error = error("{'type':'presence'," + state + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("state");
        }

        @Test
        void subscribePresenceTakesAListOfUsers() {
            PresenceSubscriptionRequested subscription = command(
                    "{'type':'subscribe_presence','users':['bob','carol']}", PresenceSubscriptionRequested.class);
            assertThat(subscription.users()).containsExactly("bob", "carol");
            assertThat(command("{'type':'subscribe_presence','users':[]}", PresenceSubscriptionRequested.class)
                    .users()).isEmpty();
            assertThat(command("{'type':'subscribe_presence','users':" + ids(256) + "}",
                    PresenceSubscriptionRequested.class).users()).hasSize(256);
        }

        @ParameterizedTest
        @ValueSource(strings = {"'users':'bob'", "'users':null", "'x':1", "'users':['bob','']", "'users':[1]"})
        void usersMustBeAnArrayOfNonBlankIds(String users) {
            ErrorFrame error = error("{'type':'subscribe_presence'," + users + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("users");
        }

        @Test
        void atMost256Users() {
            assertThat(error("{'type':'subscribe_presence','users':" + ids(257) + "}").message())
                    .startsWith("users");
        }
    }

    @Nested
    class MessageActions {

        @Test
        void aReactNamesItsIdTheMessageAndTheEmoji() {
            MessageActionRequested react = command("{'type':'react','id':'r1','messageId':'m1','emoji':'👍'}",
                    MessageActionRequested.class);
            assertThat(react.action()).isEqualTo(MessageAction.REACT);
            assertThat(react.actionId()).isEqualTo("r1");
            assertThat(react.messageId()).isEqualTo("m1");
            assertThat(react.emoji()).isEqualTo("👍");
            assertThat(react.body()).isNull();
            assertThat(react.session()).isEqualTo(SESSION);
            assertThat(react.at()).isEqualTo(NOW);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "a", "❤️", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "12345678"})
        void anEmptyEmojiOrOneToEightCodePointsIsAccepted(String emoji) {
            assertThat(command("{'type':'react','id':'r1','messageId':'m1','emoji':'" + emoji + "'}",
                    MessageActionRequested.class).emoji()).isEqualTo(emoji);
        }

        @ParameterizedTest
        @ValueSource(strings = {"'123456789'", "'👍👍👍👍👍👍👍👍👍'", "'👨‍👩‍👧‍👦👍👍'", "null", "1", "['👍']", "{'e':'👍'}",
                "'\\u0000'", "'\\ud83d'", "'a\\nb'"})
        void anyOtherEmojiIsInvalidWithTheFramesRef(String emoji) {
            ErrorFrame error = error("{'type':'react','id':'r1','messageId':'m1','emoji':" + emoji + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("emoji");
            assertThat(error.ref()).isEqualTo("r1");
        }

        @Test
        void aMissingEmojiIsInvalid() {
            assertThat(error("{'type':'react','id':'r1','messageId':'m1'}").message()).startsWith("emoji");
        }

        @Test
        void anEditCarriesANewTextByTheRulesOfASend() {
            MessageActionRequested edit = command("{'type':'edit','id':'e1','messageId':'m1','body':{'text':'fixed'}}",
                    MessageActionRequested.class);
            assertThat(edit.action()).isEqualTo(MessageAction.EDIT);
            assertThat(edit.body()).isEqualTo(MessageBody.text("fixed"));
            assertThat(edit.emoji()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",'body':null", ",'body':{}", ",'body':{'text':''}", ",'body':{'text':5}",
                ",'body':{'image':{'mediaId':'x'}}", ",'body':{'text':'a','image':{'mediaId':'x'}}",
                ",'body':{'system':{'event':'disappearing'}}", ",'body':{'text':'\\u0000'}", ",'body':'text'"})
        void anEditWithoutAGoodTextIsInvalid(String body) {
            ErrorFrame error = error("{'type':'edit','id':'e1','messageId':'m1'" + body + "}");
            assertThat(error.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(error.message()).startsWith("body");
            assertThat(error.ref()).isEqualTo("e1");
        }

        @Test
        void anEditedTextHasTheLengthLimitOfASend() {
            String longest = repeat("é", MessageBody.MAX_TEXT_LENGTH);
            assertThat(command("{'type':'edit','id':'e1','messageId':'m1','body':{'text':'" + longest + "'}}",
                    MessageActionRequested.class).body().text()).isEqualTo(longest);
            assertThat(error("{'type':'edit','id':'e1','messageId':'m1','body':{'text':'" + longest + "x'}}").code())
                    .isEqualTo(ErrorFrame.INVALID);
        }

        @Test
        void aDeleteNamesOnlyItsIdAndTheMessage() {
            MessageActionRequested delete = command("{'type':'delete','id':'d1','messageId':'m1','emoji':'x'}",
                    MessageActionRequested.class);
            assertThat(delete.action()).isEqualTo(MessageAction.DELETE);
            assertThat(delete.messageId()).isEqualTo("m1");
            assertThat(delete.emoji()).isNull();
            assertThat(delete.body()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"react", "edit", "delete"})
        void everyActionNeedsAnIdAndAMessageId(String type) {
            String rest = switch (type) {
                case "react" -> ",'emoji':'👍'";
                case "edit" -> ",'body':{'text':'x'}";
                default -> "";
            };
            assertThat(error("{'type':'" + type + "','messageId':'m1'" + rest + "}").message()).startsWith("id");
            assertThat(error("{'type':'" + type + "','id':'a b','messageId':'m1'" + rest + "}").message())
                    .startsWith("id");
            ErrorFrame noMessage = error("{'type':'" + type + "','id':'a1'" + rest + "}");
            assertThat(noMessage.code()).isEqualTo(ErrorFrame.INVALID);
            assertThat(noMessage.message()).startsWith("messageId");
            assertThat(noMessage.ref()).isEqualTo("a1");
            assertThat(error("{'type':'" + type + "','id':'a1','messageId':' '" + rest + "}").message())
                    .startsWith("messageId");
            assertThat(error("{'type':'" + type + "','id':'a1','messageId':7" + rest + "}").message())
                    .startsWith("messageId");
        }

        @Test
        void actionsCarryTheirWireType() {
            assertThat(((ParsedFrame.Command) parse("{'type':'delete','id':'d1','messageId':'m1'}")).type())
                    .isEqualTo("delete");
        }
    }

    @Test
    void pingIsAnsweredByTheParser() {
        assertThat(parse("{'type':'ping'}")).isInstanceOf(ParsedFrame.Ping.class);
        assertThat(parse("{'type':'ping','id':'p','extra':1}")).isInstanceOf(ParsedFrame.Ping.class);
    }

    @Test
    void commandsCarryTheirWireType() {
        assertThat(((ParsedFrame.Command) parse("{'type':'receipt','status':'read','messageIds':['a']}")).type())
                .isEqualTo("receipt");
        assertThat(((ParsedFrame.Command) parse("{'type':'subscribe_presence','users':[]}")).type())
                .isEqualTo("subscribe_presence");
    }

    private static String ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "'id" + i + "'").collect(Collectors.joining(",", "[", "]"));
    }
}

package dev.courier.parser;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.frames.DeletedFrame;
import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.EditedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReactionFrame;
import dev.courier.contracts.frames.ExpiredFrame;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.contracts.frames.SettingsFrame;
import dev.courier.contracts.frames.TypingFrame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every server frame kind against the wire JSON of PROTOCOL.md. */
class FrameWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DeviceSession TARGET = new DeviceSession("bob", "tablet", "s-9", "gw-2");

    private final FrameWriter writer = new FrameWriter();

    private void assertWire(ServerFrame frame, String expected) {
        String text = writer.write(frame);
        JsonNode actual = JSON.readTree(text);
        assertThat(actual).isEqualTo(JSON.readTree(expected.replace('\'', '"')));
        assertThat(text).as("type comes first").startsWith("{\"type\":");
    }

    @Test
    void messageActionFrames() {
        assertWire(new DoneFrame("r1", 1000), "{'type':'done','ref':'r1','at':1000}");
        assertWire(new ReactionFrame("c1", "m1", "alice", "👍", 1000),
                "{'type':'reaction','conversationId':'c1','messageId':'m1','from':'alice','emoji':'👍','at':1000}");
        assertWire(new ReactionFrame("c1", "m1", "alice", "", 1000),
                "{'type':'reaction','conversationId':'c1','messageId':'m1','from':'alice','emoji':'','at':1000}");
        assertWire(new EditedFrame("c1", "m1", MessageBody.text("fixed"), 1000),
                "{'type':'edited','conversationId':'c1','messageId':'m1','body':{'text':'fixed'},'editedAt':1000}");
        assertWire(new DeletedFrame("c1", "m1", "alice", 1000),
                "{'type':'deleted','conversationId':'c1','messageId':'m1','by':'alice','at':1000}");
        assertThat(writer.outbound(TARGET, new DeletedFrame("c1", "m1", "alice", 1000), Instant.EPOCH)
                .ackableMessageId()).as("only a message frame is ackable").isNull();
    }

    @Test
    void sentReceipt() {
        assertWire(ReceiptFrame.sent("m1", "c1", 17, 1000),
                "{'type':'receipt','status':'sent','messageId':'m1','conversationId':'c1','seq':17,'at':1000}");
    }

    @Test
    void receiptByOneRecipient() {
        assertWire(ReceiptFrame.by(ReceiptStatus.DELIVERED, "m1", "c1", "bob", 1000),
                "{'type':'receipt','status':'delivered','messageId':'m1','conversationId':'c1','by':'bob','at':1000}");
    }

    @Test
    void receiptForAllMembers() {
        assertWire(ReceiptFrame.all(ReceiptStatus.READ, "m1", "g1", 1000),
                "{'type':'receipt','status':'read','messageId':'m1','conversationId':'g1','all':true,'at':1000}");
    }

    @Test
    void textMessage() {
        assertWire(new MessageFrame("m1", "c1", "alice", Recipient.user("bob"), 3, 1000, MessageBody.text("hi"), null),
                "{'type':'message','id':'m1','conversationId':'c1','from':'alice','to':{'user':'bob'},'seq':3,"
                        + "'sentAt':1000,'body':{'text':'hi'}}");
    }

    @Test
    void imageMessageToAGroupWithExpiry() {
        assertWire(new MessageFrame("m1", "g1", "alice", Recipient.group("g1"), 3, 1000,
                        new MessageBody(null, new MessageBody.Image("med", null)), 2000L),
                "{'type':'message','id':'m1','conversationId':'g1','from':'alice','to':{'group':'g1'},'seq':3,"
                        + "'sentAt':1000,'body':{'image':{'mediaId':'med'}},'expiresAt':2000}");
    }

    @Test
    void error() {
        assertWire(new ErrorFrame("invalid", "id is required", "m1"),
                "{'type':'error','code':'invalid','message':'id is required','ref':'m1'}");
        assertWire(new ErrorFrame("bad_frame", "not json", null),
                "{'type':'error','code':'bad_frame','message':'not json'}");
    }

    @Test
    void pong() {
        assertWire(new PongFrame(), "{'type':'pong'}");
    }

    @Test
    void typing() {
        assertWire(new TypingFrame("alice", Recipient.user("bob"), "composing"),
                "{'type':'typing','from':'alice','to':{'user':'bob'},'state':'composing'}");
    }

    @Test
    void presence() {
        assertWire(new PresenceFrame("alice", true, 1000L),
                "{'type':'presence','user':'alice','online':true,'lastSeen':1000}");
        assertWire(new PresenceFrame("alice", false, null),
                "{'type':'presence','user':'alice','online':false,'lastSeen':null}");
    }

    @Test
    void expired() {
        assertWire(new ExpiredFrame("c1", List.of("m1", "m2")),
                "{'type':'expired','conversationId':'c1','messageIds':['m1','m2']}");
    }

    @Test
    void settings() {
        assertWire(new SettingsFrame("c1", 86400, "alice"),
                "{'type':'settings','conversationId':'c1','disappearingSeconds':86400,'by':'alice'}");
    }

    @Test
    void aMessageFrameIsAckableByItsId() {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        FrameOutbound outbound = writer.outbound(TARGET,
                new MessageFrame("m7", "c1", "alice", Recipient.user("bob"), 1, 1, MessageBody.text("x"), null), at);
        assertThat(outbound.ackableMessageId()).isEqualTo("m7");
        assertThat(outbound.target()).isEqualTo(TARGET);
        assertThat(outbound.at()).isEqualTo(at);
        assertThat(outbound.eventId()).isNotNull();
        assertThat(JSON.readTree(outbound.text()).get("type").stringValue()).isEqualTo("message");
    }

    @Test
    void otherFramesAreNotAckable() {
        FrameOutbound outbound = writer.outbound(TARGET, ReceiptFrame.sent("m7", "c1", 1, 1), Instant.now());
        assertThat(outbound.ackableMessageId()).isNull();
    }

    @Test
    void aDeliveredOrReadReceiptSaysWhatItReports() {
        assertThat(writer.outbound(TARGET, ReceiptFrame.by(ReceiptStatus.READ, "m7", "c1", "bob", 1), Instant.now())
                .receipt()).isEqualTo(new FrameOutbound.ReceiptProgress("m7", "bob", ReceiptStatus.READ));
        assertThat(writer.outbound(TARGET, ReceiptFrame.all(ReceiptStatus.DELIVERED, "m7", "g1", 1), Instant.now())
                .receipt()).isEqualTo(new FrameOutbound.ReceiptProgress("m7", FrameOutbound.ReceiptProgress.ALL,
                        ReceiptStatus.DELIVERED));
        assertThat(writer.outbound(TARGET, ReceiptFrame.sent("m7", "c1", 1, 1), Instant.now()).receipt()).isNull();
        assertThat(writer.outbound(TARGET, new PongFrame(), Instant.now()).receipt()).isNull();
    }
}

package dev.courier.support.kafka;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CourierEventSerdeTest {

    private final CourierRecordSerializer serializer = new CourierRecordSerializer();
    private final CourierEventDeserializer deserializer = new CourierEventDeserializer();

    @Test
    void anEventRoundTripsWithItsTypeAndNestedFrame() {
        CourierEvent event = new FrameRouted(UUID.randomUUID(), Instant.parse("2026-11-28T10:00:00Z"),
                new DeviceSession("bob", "phone", "s-1", "gw-1"),
                new MessageFrame("m-1", "c-1", "alice", Recipient.user("bob"), 7, 1000, MessageBody.text("hi"), null));

        byte[] json = serializer.serialize("t", event);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"@event\":\"FrameRouted\"", "\"type\":\"message\"");
        assertThat(deserializer.deserialize("t", json)).isEqualTo(event);
    }

    @Test
    void framesTravelAsTheirWireTextWithTheOtherFieldsInHeaders() {
        DeviceSession session = new DeviceSession("bob", null, "s-1", "gw-1");
        String text = "{\"type\":\"message\",\"id\":\"m-1\",\"body\":{\"text\":\"caf\u00e9 \\\"quoted\\\" \ud83d\ude00\"}}";
        var received = new FrameReceived(UUID.randomUUID(), Instant.parse("2026-11-28T10:00:00.123456789Z"),
                session, text);
        var outbound = new FrameOutbound(UUID.randomUUID(), Instant.now(), new DeviceSession("a", "d", "s", "g"),
                text, "m-1", new FrameOutbound.ReceiptProgress("m-1", "bob", ReceiptStatus.READ));
        var plain = new FrameOutbound(UUID.randomUUID(), Instant.now(), session, text, null);

        for (CourierEvent event : List.<CourierEvent>of(received, outbound, plain)) {
            Headers headers = new RecordHeaders();
            byte[] value = serializer.serialize("t", headers, event);
            assertThat(new String(value, StandardCharsets.UTF_8)).as("the value is the wire text").isEqualTo(text);
            assertThat(deserializer.deserialize("t", headers, value)).isEqualTo(event);
        }
    }

    @Test
    void aFrameWrittenAsJsonByAnEarlierVersionIsStillRead() {
        var received = new FrameReceived(UUID.randomUUID(), Instant.now(), new DeviceSession("u", "d", "s", "g"),
                "{\"type\":\"ping\"}");
        byte[] json = serializer.serialize("t", received);
        assertThat(deserializer.deserialize("t", new RecordHeaders(), json)).isEqualTo(received);
    }

    @Test
    void aCompactEventOfATypeThisBuildDoesNotKnowReadsAsNullToBeSkipped() {
        Headers headers = new RecordHeaders().add("courier-event", "FrameFromTheFuture".getBytes());
        assertThat(deserializer.deserialize("t", headers, "x".getBytes())).isNull();
    }

    @Test
    void rawBytesPassThroughSoAnUnreadableRecordReachesItsDeadLetterTopicUnchanged() {
        byte[] raw = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(serializer.serialize("t.dlt", raw)).isSameAs(raw);
    }

    @Test
    void anEventTypeThisBuildDoesNotKnowReadsAsNullToBeSkipped() {
        byte[] newer = "{\"@event\":\"SomethingNewer\",\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(deserializer.deserialize("t", newer)).isNull();
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"@event\":\"AccountDeactivated\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"at\":\"2026-11-28T10:00:00Z\",\"userId\":\"u-1\",\"addedLater\":true}";
        assertThat(deserializer.deserialize("t", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(AccountDeactivated.class, e -> assertThat(e.userId()).isEqualTo("u-1"));
    }

    @Test
    void garbageStillFailsSoItIsDeadLettered() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RuntimeException.class);
    }
}

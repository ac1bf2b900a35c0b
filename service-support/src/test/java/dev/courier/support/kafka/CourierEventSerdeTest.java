package dev.courier.support.kafka;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

package dev.courier.gateway.websocket;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightMessagesTest {

    @Test
    void keepsMessagesUntilAcknowledged() {
        var inFlight = new InFlightMessages(10);
        inFlight.add("m1", "{\"type\":\"message\",\"id\":\"m1\"}");
        inFlight.add("m2", "{\"type\":\"message\",\"id\":\"m2\"}");

        inFlight.acknowledge(List.of("m1", "unknown"));

        assertThat(inFlight.size()).isEqualTo(1);
        assertThat(inFlight.contains("m1")).isFalse();
        assertThat(inFlight.contains("m2")).isTrue();
    }

    @Test
    void forgetsTheOldestBeyondCapacity() {
        var inFlight = new InFlightMessages(2);
        inFlight.add("m1", "a");
        inFlight.add("m2", "b");
        inFlight.add("m3", "c");

        assertThat(inFlight.size()).isEqualTo(2);
        assertThat(inFlight.contains("m1")).isFalse();
        assertThat(inFlight.contains("m3")).isTrue();
    }

    @Test
    void aResentMessageIsKeptOnce() {
        var inFlight = new InFlightMessages(10);
        inFlight.add("m1", "a");
        inFlight.add("m1", "a");

        assertThat(inFlight.size()).isEqualTo(1);
    }

    @Test
    void forgetsTheOldestBeyondTheByteBound() {
        var inFlight = new InFlightMessages(10, 10);
        inFlight.add("m1", "aaaa");
        inFlight.add("m2", "bbbb");
        assertThat(inFlight.bytes()).isEqualTo(8);

        assertThat(inFlight.add("m3", "cccc")).as("frames forgotten").isEqualTo(1);

        assertThat(inFlight.size()).isEqualTo(2);
        assertThat(inFlight.bytes()).isEqualTo(8);
        assertThat(inFlight.contains("m1")).isFalse();
        assertThat(inFlight.contains("m2")).isTrue();
        assertThat(inFlight.contains("m3")).isTrue();
    }

    @Test
    void countsUtf8BytesAndKeepsTheCountRightThroughResendsAcknowledgementsAndClear() {
        var inFlight = new InFlightMessages(10, 1_000);
        inFlight.add("m1", "h\u00e9\u20ac\uD83D\uDE00");
        assertThat(inFlight.bytes()).as("1 + 2 + 3 + 4 bytes").isEqualTo(10);

        inFlight.add("m1", "again");
        assertThat(inFlight.bytes()).as("a resent frame replaces its copy").isEqualTo(5);
        inFlight.add("m2", "xy");
        inFlight.acknowledge(List.of("m1", "unknown"));
        assertThat(inFlight.bytes()).isEqualTo(2);

        inFlight.clear();
        assertThat(inFlight.bytes()).isZero();
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void aFrameLargerThanTheByteBoundIsNotRemembered() {
        var inFlight = new InFlightMessages(10, 10);
        inFlight.add("m1", "small");

        assertThat(inFlight.add("m2", "x".repeat(11))).isEqualTo(2);

        assertThat(inFlight.size()).isZero();
        assertThat(inFlight.bytes()).isZero();
    }
}

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
}

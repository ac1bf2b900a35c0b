package dev.courier.gateway.websocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PingFramesTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"ping\"}", " { \"type\" : \"ping\" }\n", "{\"type\":\"ping\",\"extra\":1}"})
    void recognisesPings(String frame) {
        assertThat(PingFrames.isPing(frame)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"pong\"}", "ping", "{\"type\":\"send\",\"body\":{\"text\":\"ping\"}}",
            "{\"type\":\"ping\"", "[\"ping\"]", "{\"type\":\"ping\"}                                                   ",
            "{\"type\":\"send\",\"type\":\"ping\"}", "{\"type\":\"ping\"} {\"type\":\"ping\"}"})
    void leavesEverythingElseToTheParser(String frame) {
        assertThat(PingFrames.isPing(frame)).isFalse();
    }
}

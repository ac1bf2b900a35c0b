package dev.courier.gateway.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameIdsTest {

    @Test
    void readsTheIdOfASend() {
        assertThat(FrameIds.messageId("{\"type\":\"send\", \"id\" : \"m-1\",\"to\":{\"user\":\"u\"}}")).isEqualTo("m-1");
        assertThat(FrameIds.messageId("{\"type\":\"send\",\"id\":\"3f2a9c4e-0000-4000-8000-000000000001\"}"))
                .isEqualTo("3f2a9c4e-0000-4000-8000-000000000001");
    }

    @Test
    void givesNothingForFramesWithoutASafeId() {
        assertThat(FrameIds.messageId("{\"type\":\"receipt\",\"ids\":[\"a\"]}")).isNull();
        assertThat(FrameIds.messageId("{\"type\":\"send\",\"id\":42}")).isNull();
        assertThat(FrameIds.messageId("{\"type\":\"send\",\"id\":\"a\\nb\"}")).isNull();
        assertThat(FrameIds.messageId("{\"type\":\"send\",\"id\":\"" + "x".repeat(65) + "\"}")).isNull();
        assertThat(FrameIds.messageId("{\"type\":\"send\",\"id\":\"unterminated")).isNull();
        assertThat(FrameIds.messageId("{\"id\"")).isNull();
    }
}

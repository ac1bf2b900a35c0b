package dev.courier.gateway.websocket;

import dev.courier.contracts.events.DeviceSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.assertj.core.api.Assertions.assertThat;

class ClientSocketTest {

    private static final DeviceSession DEVICE = new DeviceSession("u1", "d1", "s1", "gw-1");

    private final WebSocketSession session = mock(WebSocketSession.class);

    private ClientSocket socket(long sendBufferLimit) {
        return new ClientSocket(session, DEVICE, false, 100, sendBufferLimit,
                new SimpleMeterRegistry().counter("frames.out"));
    }

    @Test
    void writesFramesInTheOrderTheyWereSent() throws Exception {
        ClientSocket socket = socket(1_000_000);
        for (int i = 0; i < 50; i++) {
            socket.send("frame " + i);
        }

        var order = inOrder(session);
        for (int i = 0; i < 50; i++) {
            order.verify(session, timeout(2000)).sendMessage(new TextMessage("frame " + i));
        }
    }

    @Test
    void closesASocketThatLetsTooMuchPileUp() throws Exception {
        ClientSocket socket = socket(10);

        socket.send("more than ten characters");

        verify(session, timeout(2000)).close(CloseStatus.SESSION_NOT_RELIABLE);
        verify(session, never()).sendMessage(any(WebSocketMessage.class));
    }

    @Test
    void tracksDeliveredMessagesUntilAcknowledgedAndForgetsThemOnClose() {
        ClientSocket socket = socket(1_000_000);
        socket.deliver("{\"type\":\"message\",\"id\":\"m1\"}", "m1");
        socket.deliver("{\"type\":\"message\",\"id\":\"m2\"}", "m2");

        socket.acknowledge(List.of("m1"));
        assertThat(socket.inFlightCount()).isEqualTo(1);

        socket.discard();
        assertThat(socket.inFlightCount()).isZero();
    }

    @Test
    void boundsUnacknowledgedMessagesByBytesForgettingTheOldestAndStillWritingEveryFrame() throws Exception {
        ClientSocket socket = new ClientSocket(session, DEVICE, false, 100, 100, 1_000_000,
                new SimpleMeterRegistry().counter("frames.out"));
        String body = "x".repeat(30);
        for (int i = 0; i < 5; i++) {
            socket.deliver(body + i, "m" + i);
        }

        assertThat(socket.inFlightCount()).as("three frames of 31 bytes fit in 100").isEqualTo(3);
        assertThat(socket.inFlightBytes()).isEqualTo(93);
        var order = inOrder(session);
        for (int i = 0; i < 5; i++) {
            order.verify(session, timeout(2000)).sendMessage(new TextMessage(body + i));
        }
        verify(session, never()).close(any());
    }
}

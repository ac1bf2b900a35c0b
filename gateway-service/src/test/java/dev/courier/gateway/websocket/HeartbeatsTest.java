package dev.courier.gateway.websocket;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.gateway.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

import java.time.Duration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

class HeartbeatsTest {

    private final WebSocketSession session = mock(WebSocketSession.class);
    private final ConnectionRegistry registry = new ConnectionRegistry(new SimpleMeterRegistry());

    HeartbeatsTest() {
        registry.add(new ClientSocket(session, new DeviceSession("u1", "d1", "s1", "gw-1"), false, 10, 1000,
                new SimpleMeterRegistry().counter("out")));
    }

    @Test
    void pingsSocketsThatWereHeardFromRecently() throws Exception {
        new Heartbeats(registry, properties(Duration.ofSeconds(60))).beat();

        verify(session, timeout(2000)).sendMessage(new PingMessage());
        verify(session, after(200).never()).close(any());
    }

    @Test
    void closesSocketsSilentForLongerThanTheTimeout() throws Exception {
        new Heartbeats(registry, properties(Duration.ofNanos(1))).beat();

        verify(session, timeout(2000)).close(Heartbeats.SILENT);
        verify(session, never()).sendMessage(any());
    }

    private static GatewayProperties properties(Duration heartbeatTimeout) {
        return new GatewayProperties("gw-1", null, null, 0, null, heartbeatTimeout, null, 0, 0, null, null, null);
    }
}

package dev.courier.gateway.websocket;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.gateway.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

class HeartbeatsTest {

    private final WebSocketSession session = mock(WebSocketSession.class);
    private final ConnectionRegistry registry = new ConnectionRegistry(new SimpleMeterRegistry());
    private final ClientSocket socket = new ClientSocket(session, new DeviceSession("u1", "d1", "s1", "gw-1"), false,
            10, 1000, new SimpleMeterRegistry().counter("out"));

    HeartbeatsTest() {
        registry.add(socket);
    }

    @Test
    void pingsSocketsThatWereHeardFromRecently() throws Exception {
        new Heartbeats(registry, properties(Duration.ofSeconds(60))).runRound();

        verify(session, timeout(2000)).sendMessage(new PingMessage());
        verify(session, after(200).never()).close(any());
        assertThat(socket.silentSince()).isEmpty();
    }

    @Test
    void closesSocketsSilentForLongerThanTheTimeout() throws Exception {
        new Heartbeats(registry, properties(Duration.ofNanos(1))).runRound();

        verify(session, timeout(2000)).close(Heartbeats.SILENT);
        verify(session, never()).sendMessage(any());
    }

    @Test
    void aSocketClosedForSilenceRemembersWhenItWasLastHeardFrom() throws Exception {
        Instant before = Instant.now();
        socket.heard();
        Instant after = Instant.now();
        var heartbeats = new Heartbeats(registry, properties(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            heartbeats.runRound();
            return socket.silentSince().isPresent();
        });
        verify(session, timeout(2000)).close(Heartbeats.SILENT);

        // nanoTime and the wall clock are read at different moments: allow a few milliseconds either way.
        assertThat(socket.silentSince()).hasValueSatisfying(lastHeard -> assertThat(lastHeard)
                .isBetween(before.minusMillis(20), after.plusMillis(20))
                .isBefore(Instant.now().minusMillis(250)));
    }

    private static GatewayProperties properties(Duration heartbeatTimeout) {
        return new GatewayProperties("gw-1", null, null, 0, null, heartbeatTimeout, null, 0, 0, 0, null, null, null, null,
                null);
    }
}

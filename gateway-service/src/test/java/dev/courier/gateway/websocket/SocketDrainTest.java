package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import dev.courier.support.security.AuthenticatedUser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SocketDrainTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConnectionRegistry registry = new ConnectionRegistry(meters);
    private final RecordingEvents events = new RecordingEvents();
    private final GatewayProperties properties = new GatewayProperties("gw-1", null, null, 0, null, null, null, 0, 0, 0,
            null, null, null, Duration.ofMillis(500), null);
    private final GatewaySocketHandler handler = new GatewaySocketHandler(registry, events, new SocketMeters(meters),
            properties, new RateLimiter(properties, meters));
    private final SocketDrain drain = new SocketDrain(registry, handler, events, properties);

    @Test
    void closesEverySocketWith1012ReportsTheClosesThenFlushes() throws Exception {
        WebSocketSession a = openSocket("a", true);
        WebSocketSession b = openSocket("b", true);

        drain.stop();

        verify(a).close(CloseStatus.SERVICE_RESTARTED);
        verify(b).close(CloseStatus.SERVICE_RESTARTED);
        assertThat(registry.size()).isZero();
        assertThat(events.log).containsExactlyInAnyOrder("closed a 1012", "closed b 1012");
        assertThat(events.flushedAfter).isEqualTo(2);
    }

    @Test
    void aSocketThatDoesNotFinishClosingIsReportedOnceWhenTheTimeoutEnds() throws Exception {
        WebSocketSession stuck = openSocket("stuck", false);

        drain.stop();

        assertThat(registry.size()).isZero();
        assertThat(events.log).containsExactly("closed stuck 1012");
        assertThat(events.flushedAfter).isEqualTo(1);
        // Tomcat reports it at last: nothing is published twice.
        handler.afterConnectionClosed(stuck, CloseStatus.SERVICE_RESTARTED);
        assertThat(events.log).containsExactly("closed stuck 1012");
    }

    @Test
    void refusesUpgradesWith503WhileDraining() {
        ServerHttpResponse before = mock(ServerHttpResponse.class);
        assertThat(drain.beforeHandshake(mock(ServerHttpRequest.class), before, mock(WebSocketHandler.class),
                new HashMap<>())).isTrue();

        drain.stop();

        ServerHttpResponse during = mock(ServerHttpResponse.class);
        assertThat(drain.beforeHandshake(mock(ServerHttpRequest.class), during, mock(WebSocketHandler.class),
                new HashMap<>())).isFalse();
        verify(during).setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void stopsBeforeTheKafkaListenersAndTheWebServer() {
        assertThat(drain.getPhase()).isGreaterThan(Integer.MAX_VALUE - 100);
    }

    /** A socket through the real handler; its session reports the close as Tomcat would, or never. */
    private WebSocketSession openSocket(String userId, boolean closesWhenAsked) throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(HandshakeAuthentication.USER_ATTRIBUTE,
                new AuthenticatedUser(userId, "d1"));
        when(session.getAttributes()).thenReturn(attributes);
        when(session.getId()).thenReturn(userId);
        if (closesWhenAsked) {
            doAnswer(call -> {
                handler.afterConnectionClosed(session, call.getArgument(0));
                return null;
            }).when(session).close(any(CloseStatus.class));
        }
        handler.afterConnectionEstablished(session);
        return session;
    }

    private static final class RecordingEvents implements SocketEvents {

        final List<String> log = new CopyOnWriteArrayList<>();
        volatile int flushedAfter = -1;

        @Override
        public void opened(ClientSocket socket) {
        }

        @Override
        public void frameReceived(ClientSocket socket, String text) {
        }

        @Override
        public void closed(ClientSocket socket, CloseStatus status) {
            log.add("closed " + socket.device().userId() + " " + status.getCode());
        }

        @Override
        public void flush() {
            flushedAfter = log.size();
        }
    }
}

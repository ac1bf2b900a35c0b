package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drains the gateway on shutdown, before the web server stops: new upgrades are refused with 503 (the load balancer
 * tries another gateway), every open socket is closed with 1012 (Service Restart) so its client reconnects
 * elsewhere at once, each close is reported ({@code SessionClosed}) and those sends are awaited. Sockets that have
 * not finished closing within {@code drain-timeout} are reported closed anyway.
 */
@Component
class SocketDrain implements SmartLifecycle, HandshakeInterceptor {

    /**
     * Stops before the Kafka listeners ({@code Integer.MAX_VALUE - 100}) and long before the web server's graceful
     * shutdown ({@code DEFAULT_PHASE - 1024}), while the producer still sends.
     */
    static final int PHASE = Integer.MAX_VALUE - 50;

    private static final Logger log = LoggerFactory.getLogger(SocketDrain.class);
    private static final long POLL_MILLIS = 20;

    private final ConnectionRegistry registry;
    private final GatewaySocketHandler handler;
    private final SocketEvents events;
    private final Duration timeout;
    private volatile boolean running;
    private volatile boolean draining;

    SocketDrain(ConnectionRegistry registry, GatewaySocketHandler handler, SocketEvents events,
                GatewayProperties properties) {
        this.registry = registry;
        this.handler = handler;
        this.events = events;
        this.timeout = properties.drainTimeout();
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                                   Map<String, Object> attributes) {
        if (draining) {
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                               Exception exception) {
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        int open = registry.size();
        log.info("Draining: closing {} socket(s) with 1012, refusing new ones", open);
        Set<ClientSocket> asked = Collections.newSetFromMap(new IdentityHashMap<>());
        long deadline = System.nanoTime() + timeout.toNanos();
        // Sockets that raced the flag into the registry are closed on the next round.
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            for (ClientSocket socket : List.copyOf(registry.all())) {
                if (asked.add(socket)) {
                    socket.close(CloseStatus.SERVICE_RESTARTED);
                }
            }
            pause();
        }
        List<ClientSocket> stuck = List.copyOf(registry.all());
        if (!stuck.isEmpty()) {
            log.warn("Draining: {} socket(s) did not close within {}; reporting them closed", stuck.size(), timeout);
            stuck.forEach(socket -> handler.forget(socket, CloseStatus.SERVICE_RESTARTED));
        }
        events.flush();
        log.info("Drained: {} socket(s) closed and reported", open);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

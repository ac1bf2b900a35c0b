package dev.courier.gateway.websocket;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The open sockets of this gateway, by session id. Thread-safe. */
@Component
public class ConnectionRegistry {

    private final Map<String, ClientSocket> sockets = new ConcurrentHashMap<>();

    ConnectionRegistry(MeterRegistry meters) {
        Gauge.builder("courier.gateway.connections", sockets, Map::size)
                .description("Open client WebSockets")
                .register(meters);
        Gauge.builder("courier.gateway.inflight.messages", this, ConnectionRegistry::inFlightTotal)
                .description("Message frames written to sockets and not yet acknowledged")
                .register(meters);
        Gauge.builder("courier.gateway.inflight.bytes", this, ConnectionRegistry::inFlightBytesTotal)
                .description("UTF-8 bytes of the message frames written to sockets and not yet acknowledged")
                .baseUnit("bytes")
                .register(meters);
    }

    /** The open socket with this session id, if this gateway holds it. */
    public Optional<ClientSocket> find(String sessionId) {
        return Optional.ofNullable(sockets.get(sessionId));
    }

    /** The open sockets that match. */
    public List<ClientSocket> matching(Predicate<ClientSocket> filter) {
        return sockets.values().stream().filter(filter).toList();
    }

    /** Unacknowledged message frames over all sockets. */
    public int inFlightTotal() {
        return sockets.values().stream().mapToInt(ClientSocket::inFlightCount).sum();
    }

    /** UTF-8 bytes of the unacknowledged message frames over all sockets. */
    public long inFlightBytesTotal() {
        return sockets.values().stream().mapToLong(ClientSocket::inFlightBytes).sum();
    }

    int size() {
        return sockets.size();
    }

    Collection<ClientSocket> all() {
        return sockets.values();
    }

    void add(ClientSocket socket) {
        sockets.put(socket.device().sessionId(), socket);
    }

    /** True if it was here (so exactly one caller reports its close). */
    boolean remove(ClientSocket socket) {
        return sockets.remove(socket.device().sessionId(), socket);
    }
}

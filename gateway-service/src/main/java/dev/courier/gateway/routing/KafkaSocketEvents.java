package dev.courier.gateway.routing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.gateway.websocket.ClientSocket;
import dev.courier.gateway.websocket.SocketEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes what happens on sockets, keyed by user id so one user's sessions and frames keep their order:
 * {@link SessionOpened} (awaited, so consumers learn of the session before its first frame can be acted on),
 * each text frame as {@link FrameReceived}, and {@link SessionClosed} (see {@link #closed} for its {@code at}).
 */
@Component
class KafkaSocketEvents implements SocketEvents {

    private static final Logger log = LoggerFactory.getLogger(KafkaSocketEvents.class);
    private static final long OPEN_ACK_TIMEOUT_SECONDS = 10;
    /** The reason of a {@link SessionClosed} for a socket the gateway closed because it went silent. */
    static final String HEARTBEAT_TIMEOUT = "heartbeat-timeout";

    private final KafkaTemplate<String, CourierEvent> kafka;

    KafkaSocketEvents(KafkaTemplate<String, CourierEvent> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void opened(ClientSocket socket) {
        var event = new SessionOpened(UUID.randomUUID(), Instant.now(), socket.device(), socket.background());
        try {
            kafka.send(Topics.SESSIONS, socket.device().userId(), event).get(OPEN_ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing SessionOpened", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("SessionOpened for " + socket + " not acknowledged", e);
        }
    }

    @Override
    public void frameReceived(ClientSocket socket, String text) {
        var event = new FrameReceived(UUID.randomUUID(), Instant.now(), socket.device(), text);
        publish(Topics.FRAMES_INBOUND, socket, event);
    }

    /**
     * {@code at} is when the session ended as far as the gateway knows: the close, except for a socket closed by the
     * heartbeat timeout, which ended when it was last heard from (reason {@value #HEARTBEAT_TIMEOUT}); presence
     * takes that as the device's last seen.
     */
    @Override
    public void closed(ClientSocket socket, CloseStatus status) {
        publish(Topics.SESSIONS, socket, sessionClosed(socket.device(), status, socket.silentSince(), Instant.now()));
    }

    /** Waits for every send so far, {@code SessionClosed} of a drain included, to be acknowledged or to fail. */
    @Override
    public void flush() {
        kafka.flush();
    }

    static SessionClosed sessionClosed(DeviceSession session, CloseStatus status, Optional<Instant> silentSince,
                                       Instant now) {
        if (silentSince.isPresent()) {
            return new SessionClosed(UUID.randomUUID(), silentSince.get(), session, HEARTBEAT_TIMEOUT);
        }
        String reason = status.getReason() == null || status.getReason().isBlank()
                ? Integer.toString(status.getCode())
                : status.getCode() + " " + status.getReason();
        return new SessionClosed(UUID.randomUUID(), now, session, reason);
    }

    private void publish(String topic, ClientSocket socket, CourierEvent event) {
        kafka.send(topic, socket.device().userId(), event).whenComplete((result, failure) -> {
            if (failure != null) {
                log.error("Lost {} {} of {}: {}", event.getClass().getSimpleName(), event.eventId(), socket,
                        failure.toString());
            }
        });
    }
}

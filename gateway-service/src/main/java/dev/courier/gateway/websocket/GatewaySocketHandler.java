package dev.courier.gateway.websocket;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.gateway.GatewayProperties;
import dev.courier.support.security.AuthenticatedUser;
import dev.courier.support.tracing.KafkaTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/**
 * The {@code /ws} endpoint: registers each authenticated socket, hands its text frames to {@link SocketEvents}
 * untouched (only a bare {@code ping} is answered here) and answers binary frames with {@code error bad_frame},
 * keeping the connection. A frame over a rate limit ({@link RateLimiter}) is not forwarded: it is answered
 * {@code error rate_limited}, and the connection stays open. Oversized frames never get here: the container closes
 * the socket with 1009.
 */
@Component
class GatewaySocketHandler extends TextWebSocketHandler {

    static final String PONG = frameJson(new PongFrame());
    static final String BINARY_REFUSED = frameJson(
            new ErrorFrame(ErrorFrame.BAD_FRAME, "Frames must be JSON text, not binary", null));

    private static final Logger log = LoggerFactory.getLogger(GatewaySocketHandler.class);
    private static final String SOCKET_ATTRIBUTE = "courier.socket";
    private static final String BUCKETS_ATTRIBUTE = "courier.rate-limits";
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final ConnectionRegistry registry;
    private final SocketEvents events;
    private final SocketMeters meters;
    private final GatewayProperties properties;
    private final RateLimiter rateLimiter;
    private final KafkaTracing tracing;

    GatewaySocketHandler(ConnectionRegistry registry, SocketEvents events, SocketMeters meters,
                         GatewayProperties properties, RateLimiter rateLimiter) {
        this(registry, events, meters, properties, rateLimiter, KafkaTracing.NOOP);
    }

    @Autowired
    GatewaySocketHandler(ConnectionRegistry registry, SocketEvents events, SocketMeters meters,
                         GatewayProperties properties, RateLimiter rateLimiter, KafkaTracing tracing) {
        this.registry = registry;
        this.events = events;
        this.meters = meters;
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        this.tracing = tracing;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        AuthenticatedUser user = (AuthenticatedUser) session.getAttributes().get(HandshakeAuthentication.USER_ATTRIBUTE);
        boolean background = Boolean.TRUE.equals(session.getAttributes().get(HandshakeAuthentication.BACKGROUND_ATTRIBUTE));
        var device = new DeviceSession(user.userId(), user.deviceId(), UUID.randomUUID().toString(), properties.id());
        // The writer thread gives up on a stuck write after the send-time limit instead of Tomcat's 20 s.
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
            container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, properties.sendTimeLimit().toMillis());
        }
        var concurrent = new ConcurrentWebSocketSessionDecorator(session, (int) properties.sendTimeLimit().toMillis(),
                properties.sendBufferLimit());
        var socket = new ClientSocket(concurrent, device, background, properties.maxInFlightPerSocket(),
                properties.maxInFlightBytesPerSocket(), properties.sendBufferLimit(), meters.framesOut);
        session.getAttributes().put(SOCKET_ATTRIBUTE, socket);
        session.getAttributes().put(BUCKETS_ATTRIBUTE, rateLimiter.opened(user.userId()));
        registry.add(socket);
        log.info("Opened {}{}", socket, background ? " in the background" : "");
        try {
            events.opened(socket);
        } catch (RuntimeException e) {
            log.error("Could not announce {}; closing it", socket, e);
            socket.close(CloseStatus.SERVER_ERROR);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        ClientSocket socket = socketOf(session);
        if (socket == null) {
            return; // the socket is closed already (e.g. 1009, the rest of a frame too large): nothing to do
        }
        socket.heard();
        meters.framesIn.increment();
        String text = message.getPayload();
        var over = rateLimiter.admitFrame(bucketsOf(session), message.getPayloadLength());
        if (over.isPresent()) {
            log.debug("Frame on {} over the {} limit: not forwarded", socket, over.get().tag);
            socket.send(RateLimitedFrames.answer(text));
            return;
        }
        if (PingFrames.isPing(text)) {
            socket.send(PONG);
        } else {
            // Each forwarded frame starts its trace: the record sent carries it to the parser and beyond.
            try (var trace = tracing.start("frame received", FrameIds.messageId(text))) {
                events.frameReceived(socket, text);
            }
            List<String> acknowledged = ReceiptAcks.messageIds(text);
            if (!acknowledged.isEmpty()) {
                socket.acknowledge(acknowledged);
            }
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        ClientSocket socket = socketOf(session);
        if (socket == null) {
            return;
        }
        socket.heard();
        meters.framesIn.increment();
        log.debug("Binary frame of {} bytes on {}", message.getPayloadLength(), socket);
        boolean over = rateLimiter.admitFrame(bucketsOf(session), message.getPayloadLength()).isPresent();
        socket.send(over ? RateLimitedFrames.answerToBinary() : BINARY_REFUSED);
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        ClientSocket socket = socketOf(session);
        if (socket != null) {
            socket.heard();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on session {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().remove(BUCKETS_ATTRIBUTE) instanceof RateLimiter.ConnectionBuckets buckets) {
            rateLimiter.closed(buckets);
        }
        ClientSocket socket = (ClientSocket) session.getAttributes().remove(SOCKET_ATTRIBUTE);
        if (socket != null) {
            forget(socket, status);
        }
    }

    /**
     * Takes a closed socket out of the registry and reports its close, once: a socket the drain gave up waiting for
     * is reported by the drain, and its late {@link #afterConnectionClosed} then does nothing.
     */
    void forget(ClientSocket socket, CloseStatus status) {
        if (!registry.remove(socket)) {
            return;
        }
        int unacknowledged = socket.inFlightCount();
        socket.discard();
        meters.closed(status);
        log.info("Closed {} with {} ({} message(s) unacknowledged)", socket, status.getCode(), unacknowledged);
        events.closed(socket, status);
    }

    private static RateLimiter.ConnectionBuckets bucketsOf(WebSocketSession session) {
        return (RateLimiter.ConnectionBuckets) session.getAttributes().get(BUCKETS_ATTRIBUTE);
    }

    private static ClientSocket socketOf(WebSocketSession session) {
        return (ClientSocket) session.getAttributes().get(SOCKET_ATTRIBUTE);
    }

    private static String frameJson(ServerFrame frame) {
        return JsonMapper.builder().build().writerFor(ServerFrame.class).writeValueAsString(frame);
    }
}

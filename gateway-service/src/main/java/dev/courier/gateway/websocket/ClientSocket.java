package dev.courier.gateway.websocket;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Optional;
import java.util.Queue;

/**
 * One open client socket: who it belongs to (from the verified token) and the only way to write to it.
 *
 * <p>Writes never block the caller: {@link #send} queues the text and one virtual thread per socket writes the
 * queue in order, so a slow client cannot stall the Kafka listener that feeds every other socket. A client that
 * lets more than the buffer limit pile up, or whose write takes longer than the send-time limit (Spring's
 * {@code ConcurrentWebSocketSessionDecorator} wraps {@code session}), is closed with 4500 instead of growing
 * memory. Closing is asynchronous too.
 */
public final class ClientSocket {

    private static final Logger log = LoggerFactory.getLogger(ClientSocket.class);
    /** {@code read} receipts remembered per socket: far more than a replay after a crash resends. */
    private static final int RECEIPTS_REMEMBERED = 256;

    private final WebSocketSession session;
    private final DeviceSession device;
    private final boolean background;
    private final InFlightMessages inFlight;
    private final long sendBufferLimit;
    private final Counter framesOut;

    /** Made on the first {@code delivered} or {@code read} receipt to the socket; guarded by this. */
    private ReceiptProgressMemory receipts;
    private final Queue<String> pending = new ArrayDeque<>();
    private long pendingChars;
    private boolean writing;
    private boolean discarded;
    private volatile long lastHeardNanos = System.nanoTime();
    /** When it was last heard from, if the gateway closed it for silence (set once, before the close). */
    private volatile Instant silentSince;

    ClientSocket(WebSocketSession session, DeviceSession device, boolean background, int maxInFlight,
                 long sendBufferLimit, Counter framesOut) {
        this(session, device, background, maxInFlight, Long.MAX_VALUE, sendBufferLimit, framesOut);
    }

    /**
     * @param maxInFlight      unacknowledged {@code message} frames remembered at most (oldest forgotten first)
     * @param maxInFlightBytes UTF-8 bytes of unacknowledged {@code message} frames remembered at most (oldest
     *                         forgotten first)
     */
    ClientSocket(WebSocketSession session, DeviceSession device, boolean background, int maxInFlight,
                 long maxInFlightBytes, long sendBufferLimit, Counter framesOut) {
        this.session = session;
        this.device = device;
        this.background = background;
        this.inFlight = new InFlightMessages(maxInFlight, maxInFlightBytes);
        this.sendBufferLimit = sendBufferLimit;
        this.framesOut = framesOut;
    }

    /** User, device and session ids of this socket, and the gateway that holds it. */
    public DeviceSession device() {
        return device;
    }

    /** The socket as Spring sees it (behind the concurrent-send decorator). */
    WebSocketSession session() {
        return session;
    }

    /** True when the device connected with {@code ?state=background}. */
    public boolean background() {
        return background;
    }

    /** Queues {@code text} for the socket, after everything queued before it. */
    public void send(String text) {
        boolean startWriter;
        boolean overflow;
        synchronized (this) {
            if (discarded) {
                return;
            }
            overflow = pendingChars + text.length() > sendBufferLimit;
            if (!overflow) {
                pending.add(text);
                pendingChars += text.length();
            }
            startWriter = !overflow && !writing;
            writing |= startWriter;
        }
        if (overflow) {
            log.info("Closing slow socket {} of user {}: more than {} chars waiting", device.sessionId(),
                    device.userId(), sendBufferLimit);
            close(CloseStatus.SESSION_NOT_RELIABLE);
        } else if (startWriter) {
            Thread.ofVirtual().name("ws-writer-" + device.sessionId()).start(this::writePending);
        }
    }

    /**
     * Queues a {@code delivered} or {@code read} receipt frame, unless it is behind one this socket was already sent
     * ({@code delivered} after {@code read} for the same message and recipient, a replay after a crash).
     *
     * @return false if it was dropped as behind
     */
    public boolean sendReceipt(String text, FrameOutbound.ReceiptProgress receipt) {
        synchronized (this) {
            if (receipts == null) {
                receipts = new ReceiptProgressMemory(RECEIPTS_REMEMBERED);
            }
            if (!receipts.advances(receipt)) {
                return false;
            }
        }
        send(text);
        return true;
    }

    /**
     * Queues a {@code message} frame and keeps it among the socket's in-flight messages until
     * {@link #acknowledge} names its id (or the in-flight bounds make it forget the oldest: the message stays
     * stored in message-service, whose retry timer and reconnect flush send it again).
     */
    public void deliver(String text, String messageId) {
        int forgotten = inFlight.add(messageId, text);
        if (forgotten > 0) {
            log.debug("{}: {} unacknowledged message(s) forgotten to stay within the in-flight bounds (message {} "
                    + "added)", this, forgotten, messageId);
        }
        send(text);
    }

    /** The client acknowledged these message ids (a {@code delivered} or {@code read} receipt). */
    public void acknowledge(Collection<String> messageIds) {
        inFlight.acknowledge(messageIds);
    }

    /** Number of {@code message} frames written and not yet acknowledged. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** UTF-8 bytes of the {@code message} frames written and not yet acknowledged. */
    public long inFlightBytes() {
        return inFlight.bytes();
    }

    /** Closes the socket with {@code status} without waiting for the close handshake. */
    public void close(CloseStatus status) {
        Thread.ofVirtual().start(() -> {
            try {
                session.close(status);
            } catch (IOException | RuntimeException e) {
                log.debug("Closing socket {} failed: {}", device.sessionId(), e.toString());
            }
        });
    }

    /**
     * If the gateway closed this socket because it went silent (no frame, no pong within the heartbeat timeout):
     * the last time anything was heard from it (its opening, if never). Empty for every other close.
     */
    public Optional<Instant> silentSince() {
        return Optional.ofNullable(silentSince);
    }

    /** Closes the socket as silent, remembering when it was last heard from (see {@link #silentSince}). */
    void closeSilent(CloseStatus status) {
        if (silentSince == null) {
            silentSince = lastHeardAt();
        }
        close(status);
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** The wall-clock time of the last frame or pong (of the opening, if none yet). */
    Instant lastHeardAt() {
        return Instant.now().minusNanos(System.nanoTime() - lastHeardNanos);
    }

    boolean silentLongerThan(Duration timeout) {
        return System.nanoTime() - lastHeardNanos > timeout.toNanos();
    }

    /**
     * A WebSocket ping. Through the decorator, so a ping that finds a write stuck beyond the send-time limit
     * closes the socket.
     */
    void ping() {
        try {
            session.sendMessage(new PingMessage());
        } catch (SessionLimitExceededException e) {
            log.info("Closing socket {} of user {}: {}", device.sessionId(), device.userId(), e.getMessage());
            close(e.getStatus());
        } catch (IOException | RuntimeException e) {
            log.debug("Ping to socket {} failed: {}", device.sessionId(), e.toString());
        }
    }

    /** The socket is closed: forget what waits for it. */
    synchronized void discard() {
        discarded = true;
        pending.clear();
        pendingChars = 0;
        inFlight.clear();
    }

    private void writePending() {
        while (true) {
            String text;
            synchronized (this) {
                text = pending.poll();
                if (text == null) {
                    writing = false;
                    return;
                }
                pendingChars -= text.length();
            }
            try {
                session.sendMessage(new TextMessage(text));
                framesOut.increment();
            } catch (SessionLimitExceededException e) {
                log.info("Closing socket {} of user {}: {}", device.sessionId(), device.userId(), e.getMessage());
                close(e.getStatus());
            } catch (IOException | RuntimeException e) {
                log.debug("Write to socket {} failed: {}", device.sessionId(), e.toString());
                close(CloseStatus.SESSION_NOT_RELIABLE);
            }
        }
    }

    @Override
    public String toString() {
        return "socket " + device.sessionId() + " (user " + device.userId() + ", device " + device.deviceId() + ")";
    }
}

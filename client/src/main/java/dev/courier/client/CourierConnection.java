package dev.courier.client;

import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One WebSocket to {@code /ws}. The frames the server sends are kept, in arrival order ({@link #frames()}), parsed
 * into the contract's {@link ServerFrame} records: the last {@value #DEFAULT_KEPT_FRAMES} ({@link #keepFrames(int)}).
 * With {@link #autoAckDelivered(boolean)} on (the default) each {@code message} is answered with
 * {@code receipt delivered}, as a real client does once it has stored it. Sends go out in the order they were made,
 * one at a time (the JDK WebSocket allows one outstanding send): {@link #sendAsync} queues a frame and returns at
 * once; {@link #sendRaw} waits for its own frame only.
 */
public final class CourierConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CourierConnection.class);

    static final int DEFAULT_KEPT_FRAMES = 100_000;

    /** Guarded by itself (readers copy under the lock); the oldest go when more than {@code keptFrames} arrive. */
    private final ArrayDeque<ReceivedFrame> frames = new ArrayDeque<>();
    private volatile int keptFrames = DEFAULT_KEPT_FRAMES;
    private final Object sending = new Object();
    /** The last frame queued for sending; the next one is sent when it is done. Guarded by {@code sending}. */
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final List<Consumer<ReceivedFrame>> observers = new CopyOnWriteArrayList<>();
    private volatile boolean autoAckDelivered = true;
    private final boolean reading;
    private volatile WebSocket socket;

    CourierConnection() {
        this(true);
    }

    /** @param reading false for a device that vanished: it keeps its TCP connection but reads nothing (no pongs). */
    CourierConnection(boolean reading) {
        this.reading = reading;
    }

    void attach(WebSocket socket) {
        this.socket = socket;
    }

    /** A frame as it came: its text, and the parsed record (null when its {@code type} is one this client lacks). */
    public record ReceivedFrame(String text, ServerFrame frame, long receivedAtNanos) {
    }

    /** Keeps only the last {@code count} frames received (0: none; observers still see every one). */
    public CourierConnection keepFrames(int count) {
        synchronized (frames) {
            keptFrames = count;
            trim();
        }
        return this;
    }

    public CourierConnection autoAckDelivered(boolean on) {
        this.autoAckDelivered = on;
        return this;
    }

    /** Calls {@code observer} for each frame from now on, on the socket's reading thread. */
    public CourierConnection onFrame(Consumer<ReceivedFrame> observer) {
        observers.add(observer);
        return this;
    }

    /** Sends a text message to a user, with a fresh client id, and answers that id. */
    public String sendText(String toUserId, String text) {
        String id = UUID.randomUUID().toString();
        sendText(id, toUserId, text);
        return id;
    }

    public void sendText(String id, String toUserId, String text) {
        send(id, Map.of("user", toUserId), Map.of("text", text));
    }

    /** Sends a text message to a group, with a fresh client id, and answers that id. */
    public String sendTextToGroup(String groupId, String text) {
        String id = UUID.randomUUID().toString();
        sendTextToGroup(id, groupId, text);
        return id;
    }

    /** Sends a text message to a group with a client id of the caller's (the same id again is a retry). */
    public void sendTextToGroup(String id, String groupId, String text) {
        send(id, Map.of("group", groupId), Map.of("text", text));
    }

    /** Sends an image (uploaded first) to a user or a group, with a fresh client id, and answers that id. */
    public String sendImage(dev.courier.contracts.frames.Recipient to, String mediaId, String caption) {
        String id = UUID.randomUUID().toString();
        send(id, to.isGroup() ? Map.of("group", to.group()) : Map.of("user", to.user()),
                Map.of("image", Map.of("mediaId", mediaId, "caption", caption)));
        return id;
    }

    /**
     * Replies with a text to the message {@code replyTo} (PROTOCOL.md v1.1), in a direct chat or a group, with a
     * fresh client id, and answers that id. Every copy of the reply carries {@code replyTo} with the quoted message's
     * sender and a preview ({@code MessageFrame#replyTo()}); a message the sender cannot see, of another conversation
     * or deleted is answered {@code error not_found} with the id as {@code ref}, and nothing is stored.
     */
    public String replyText(dev.courier.contracts.frames.Recipient to, String text, String replyTo) {
        String id = UUID.randomUUID().toString();
        replyText(id, to, text, replyTo);
        return id;
    }

    /** Replies with a client id of the caller's (the same id again is a retry). */
    public void replyText(String id, dev.courier.contracts.frames.Recipient to, String text, String replyTo) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "send", "id", id, "to", recipient(to),
                "body", Map.of("text", text), "replyTo", replyTo)));
    }

    private static Map<String, String> recipient(dev.courier.contracts.frames.Recipient to) {
        return to.isGroup() ? Map.of("group", to.group()) : Map.of("user", to.user());
    }

    private void send(String id, Map<String, String> to, Map<String, ?> body) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "send", "id", id, "to", to, "body", body)));
    }

    public void receipt(String status, List<String> messageIds) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of(
                "type", "receipt", "status", status, "messageIds", messageIds)));
    }

    /**
     * Reacts to a message with {@code emoji} ({@code ""} takes the reaction back), with a fresh frame id, and answers
     * that id: the server answers {@code done} or {@code error} with it as {@code ref} (PROTOCOL.md v1.1). The
     * reaction reaches every participant's devices as a {@code reaction} frame ({@code ReactionFrame}).
     */
    public String react(String messageId, String emoji) {
        String id = UUID.randomUUID().toString();
        react(id, messageId, emoji);
        return id;
    }

    /** Reacts with a frame id of the caller's: the same id again applies nothing and is answered the same. */
    public void react(String id, String messageId, String emoji) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "react", "id", id, "messageId", messageId,
                "emoji", emoji)));
    }

    /** Edits one's own text message (within 15 minutes of sending it); answers the frame's fresh id. */
    public String edit(String messageId, String text) {
        String id = UUID.randomUUID().toString();
        edit(id, messageId, text);
        return id;
    }

    /** Edits with a frame id of the caller's; the participants get an {@code edited} frame ({@code EditedFrame}). */
    public void edit(String id, String messageId, String text) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "edit", "id", id, "messageId", messageId,
                "body", Map.of("text", text))));
    }

    /**
     * Deletes a message for everyone (one's own within 48 hours, or any message of a group one is an admin of);
     * answers the frame's fresh id.
     */
    public String delete(String messageId) {
        String id = UUID.randomUUID().toString();
        delete(id, messageId);
        return id;
    }

    /** Deletes with a frame id of the caller's; the participants get a {@code deleted} frame ({@code DeletedFrame}). */
    public void delete(String id, String messageId) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "delete", "id", id, "messageId", messageId)));
    }

    /**
     * Waits up to {@code timeout} for the answer to the frame with this id: its {@code done}, or the {@code error}
     * whose {@code ref} is the id (returned as it came, for the caller to check).
     */
    public ServerFrame awaitAnswer(String id, Duration timeout) {
        return awaitFrame(ServerFrame.class, frame -> frame instanceof dev.courier.contracts.frames.DoneFrame done
                ? id.equals(done.ref())
                : frame instanceof dev.courier.contracts.frames.ErrorFrame error && id.equals(error.ref()), timeout);
    }

    /** Asks for {@code presence} frames when these users go online or offline. */
    public void subscribePresence(List<String> userIds) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "subscribe_presence", "users", userIds)));
    }

    /** Tells the server this device went to the {@code foreground} or the {@code background}. */
    public void presence(String state) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "presence", "state", state)));
    }

    /** A typing indicator for a user ({@code composing} or {@code paused}). */
    public void typing(String toUserId, String state) {
        sendRaw(CourierClient.JSON.writeValueAsString(Map.of("type", "typing", "to", Map.of("user", toUserId),
                "state", state)));
    }

    public void ping() {
        sendRaw("{\"type\":\"ping\"}");
    }

    /**
     * Sends any text as one frame, as it is (frames this client has no method for, bad input), and waits until it is
     * written. Throws when it could not be.
     */
    public void sendRaw(String text) {
        try {
            sendAsync(text).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send a frame", e);
        }
    }

    /**
     * Queues {@code text} as one frame behind the frames sent before it and returns at once; the future completes
     * when it is written, or exceptionally when it could not be (a frame that failed does not hold up the next).
     */
    public CompletableFuture<Void> sendAsync(String text) {
        synchronized (sending) {
            CompletableFuture<Void> sent = lastSend.exceptionally(failure -> null)
                    .thenCompose(previous -> socket.sendText(text, true))
                    .thenApply(written -> null);
            lastSend = sent;
            return sent;
        }
    }

    public List<ReceivedFrame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    public <T extends ServerFrame> List<T> frames(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (ReceivedFrame received : frames()) {
            if (type.isInstance(received.frame())) {
                result.add(type.cast(received.frame()));
            }
        }
        return result;
    }

    /** The {@code message} frames received, each id once (the first copy), in arrival order. */
    public List<MessageFrame> distinctMessages() {
        Map<String, MessageFrame> byId = new LinkedHashMap<>();
        for (MessageFrame message : frames(MessageFrame.class)) {
            byId.putIfAbsent(message.id(), message);
        }
        return List.copyOf(byId.values());
    }

    public <T extends ServerFrame> Optional<T> firstFrame(Class<T> type, Predicate<T> condition) {
        return frames(type).stream().filter(condition).findFirst();
    }

    /** Waits up to {@code timeout} for a {@code profile} frame about {@code userId} that satisfies {@code condition}. */
    public dev.courier.contracts.frames.ProfileFrame awaitProfile(String userId,
            Predicate<dev.courier.contracts.frames.ProfileFrame> condition, Duration timeout) {
        return awaitFrame(dev.courier.contracts.frames.ProfileFrame.class,
                profile -> userId.equals(profile.user()) && condition.test(profile), timeout);
    }

    /** Waits up to {@code timeout} for a frame of {@code type} that satisfies {@code condition}. */
    public <T extends ServerFrame> T awaitFrame(Class<T> type, Predicate<T> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = firstFrame(type, condition);
            if (found.isPresent()) {
                return found.get();
            }
            synchronized (frames) {
                try {
                    frames.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " frame matched within " + timeout
                + "; received: " + frames().stream().map(ReceivedFrame::text).toList());
    }

    /** Completes with the close code when the server (or the network) closes the socket. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    public boolean isOpen() {
        return !closeCode.isDone();
    }

    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !current.isOutputClosed()) {
            try {
                current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                current.abort();
            }
        }
        closeCode.complete(WebSocket.NORMAL_CLOSURE);
    }

    /** Drops the TCP connection without a close handshake, as a phone that loses its network does. */
    public void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        closeCode.complete(1006);
    }

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                // Without demand the JDK client reads nothing, not even pings, so it never answers them.
                if (reading) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    received(webSocket, text);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeCode.complete(statusCode);
                wake();
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                log.debug("WebSocket error", error);
                closeCode.complete(1006);
                wake();
            }
        };
    }

    private void received(WebSocket webSocket, String text) {
        ServerFrame frame = null;
        try {
            frame = CourierClient.JSON.readValue(text, ServerFrame.class);
        } catch (RuntimeException e) {
            log.debug("A frame this client cannot read: {}", text);
        }
        ReceivedFrame received = new ReceivedFrame(text, frame, System.nanoTime());
        synchronized (frames) {
            frames.addLast(received);
            trim();
        }
        observers.forEach(observer -> observer.accept(received));
        if (autoAckDelivered && frame instanceof MessageFrame message && isOpen()) {
            sendAsync(CourierClient.JSON.writeValueAsString(Map.of(
                    "type", "receipt", "status", "delivered", "messageIds", List.of(message.id()))))
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            log.debug("Could not acknowledge {}", message.id(), failure);
                        }
                    });
        }
        wake();
    }

    /** Called holding {@code frames}. */
    private void trim() {
        while (frames.size() > keptFrames) {
            frames.removeFirst();
        }
    }

    private void wake() {
        synchronized (frames) {
            frames.notifyAll();
        }
    }
}

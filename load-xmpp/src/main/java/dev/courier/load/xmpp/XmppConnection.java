package dev.courier.load.xmpp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One XMPP client session over WebSocket (RFC 7395) with the JDK's WebSocket: stream open, SASL PLAIN, resource
 * bind, session (when the server requires it), XEP-0198 stream management and initial presence; then stanzas both
 * ways. Answers the server's ack requests ({@code <r/>}) and iqs, and sends a XEP-0184 receipt for every message
 * that asks for one.
 * <p>
 * Stanzas sent with a tag are remembered in send order; the server's {@code <a h='n'/>} acknowledges the first n
 * stanzas sent since {@code <enable/>}, and each acknowledged tag is handed to the {@link AckHandler} with the
 * time the ack arrived. Sends are asynchronous and serialized (the JDK's WebSocket takes one send at a time).
 */
final class XmppConnection implements WebSocket.Listener {

    /** A stanza (message, presence or iq) from the server, with when its frame began to arrive. */
    interface StanzaHandler {
        void stanza(XmlElement stanza, long receivedAtNanos);
    }

    /** A tagged stanza acknowledged by the server (XEP-0198), with when the ack arrived. */
    interface AckHandler {
        void acked(Object tag, long receivedAtNanos);
    }

    /** The account: {@code user@domain/resource}, SASL PLAIN password. */
    record Account(String user, String domain, String password, String resource) {

        String bareJid() {
            return user + "@" + domain;
        }
    }

    private record Pending(long seq, Object tag) {
    }

    private static final StanzaHandler IGNORE_STANZAS = (stanza, at) -> { };
    private static final AckHandler IGNORE_ACKS = (tag, at) -> { };

    /** {@code -Dxmpp.trace=USER} prints every frame of that user's connections (debugging a server's answers). */
    private static final String TRACE = System.getProperty("xmpp.trace");

    private final Account account;
    private final boolean trace;
    private final StanzaHandler stanzas;
    private final AckHandler acks;
    private final CompletableFuture<XmppConnection> ready = new CompletableFuture<>();
    private final AtomicLong sendFailures = new AtomicLong();

    private final Object sendLock = new Object();
    private CompletableFuture<WebSocket> tail;                // guarded by sendLock
    private long outbound;                                    // guarded by sendLock: stanzas sent since enable
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by sendLock

    // Touched by the listener only (the JDK calls a listener's methods one at a time).
    private final StringBuilder partial = new StringBuilder();
    private long frameStartNanos;
    private boolean authenticated;
    private boolean sessionRequired;
    private volatile boolean streamManaged;
    private volatile long inbound;
    private volatile boolean closed;

    private XmppConnection(Account account, StanzaHandler stanzas, AckHandler acks) {
        this.account = account;
        this.trace = account.user().equals(TRACE);
        this.stanzas = stanzas == null ? IGNORE_STANZAS : stanzas;
        this.acks = acks == null ? IGNORE_ACKS : acks;
    }

    /** Connects and logs in; completes once stream management is on and initial presence is sent. */
    static CompletableFuture<XmppConnection> open(HttpClient http, URI url, Account account, StanzaHandler stanzas,
                                                  AckHandler acks) {
        XmppConnection connection = new XmppConnection(account, stanzas, acks);
        http.newWebSocketBuilder()
                .subprotocols("xmpp")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, connection)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        connection.fail("cannot connect to " + url + ": " + error.getMessage());
                    }
                });
        return connection.ready.orTimeout(30, TimeUnit.SECONDS);
    }

    Account account() {
        return account;
    }

    boolean isOpen() {
        return ready.isDone() && !ready.isCompletedExceptionally() && !closed;
    }

    long sendFailures() {
        return sendFailures.get();
    }

    /** Sends a stanza; when {@code tag} is not null, hands it to the ack handler once the server acknowledges it. */
    void sendStanza(String xml, Object tag) {
        synchronized (sendLock) {
            if (streamManaged) {
                outbound++;
                if (tag != null) {
                    pending.add(new Pending(outbound, tag));
                }
            }
            enqueue(xml);
        }
    }

    /** Asks the server to acknowledge what it has handled (XEP-0198 {@code <r/>}). */
    void requestAck() {
        sendRaw(Stanzas.ackRequest());
    }

    /** Closes the stream and then the WebSocket; completes when both are done, or after five seconds. */
    CompletableFuture<Void> close() {
        CompletableFuture<WebSocket> last;
        synchronized (sendLock) {
            if (tail == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (!closed) {
                enqueue(Stanzas.close());
            }
            last = tail;
        }
        return last.thenCompose(ws -> ws.isOutputClosed() ? CompletableFuture.completedFuture(ws)
                        : ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                .orTimeout(5, TimeUnit.SECONDS)
                .handle((ws, error) -> {
                    closed = true;
                    if (error != null) {
                        last.thenAccept(WebSocket::abort);
                    }
                    return null;
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (sendLock) {
            tail = CompletableFuture.completedFuture(webSocket);
        }
        webSocket.request(1);
        sendRaw(Stanzas.open(account.domain()));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (partial.isEmpty()) {
            frameStartNanos = System.nanoTime();
        }
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            if (trace) {
                System.out.println(account.user() + " <- " + frame);
            }
            try {
                handle(XmlElement.parse(frame), frameStartNanos);
            } catch (RuntimeException e) {
                fail("bad frame for " + account.bareJid() + ": " + e.getMessage());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        fail("closed by the server: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        fail("WebSocket error: " + error);
    }

    private void handle(XmlElement element, long receivedAtNanos) {
        switch (element.name()) {
            case "open", "enabled", "success", "features", "failure", "failed", "close", "a", "r" ->
                    control(element, receivedAtNanos);
            case "message", "presence", "iq" -> stanza(element, receivedAtNanos);
            default -> { } // Unknown top-level elements are ignored.
        }
    }

    private void control(XmlElement element, long receivedAtNanos) {
        String namespace = element.namespace();
        switch (element.name()) {
            case "open" -> { } // The server's stream header; features follow in their own frame.
            case "features" -> {
                if (!authenticated) {
                    XmlElement mechanisms = element.child("mechanisms", Stanzas.SASL);
                    boolean plain = mechanisms != null && mechanisms.children().stream()
                            .anyMatch(m -> m.text().trim().equals("PLAIN"));
                    if (!plain) {
                        fail("the server offers no SASL PLAIN");
                        return;
                    }
                    sendRaw(Stanzas.authPlain(account.user(), account.password()));
                } else {
                    XmlElement session = element.child("session", Stanzas.SESSION);
                    sessionRequired = session != null && session.child("optional") == null;
                    if (element.child("sm", Stanzas.SM) == null) {
                        fail("the server offers no stream management (XEP-0198)");
                        return;
                    }
                    sendRaw(Stanzas.bind("bind", account.resource()));
                }
            }
            case "success" -> {
                authenticated = true;
                sendRaw(Stanzas.open(account.domain())); // RFC 6120: a new stream after SASL
            }
            case "failure" -> fail("SASL failure for " + account.bareJid() + " (" + namespace + ")");
            case "enabled" -> {
                streamManaged = true;
                sendStanza(Stanzas.presence(), null);
                ready.complete(this);
            }
            case "failed" -> fail("stream management refused for " + account.bareJid());
            case "a" -> acknowledged(Long.parseLong(element.attribute("h")), receivedAtNanos);
            case "r" -> sendRaw(Stanzas.ack(inbound));
            case "close" -> {
                closed = true;
                fail("the server closed the stream");
            }
            default -> { }
        }
    }

    private void stanza(XmlElement stanza, long receivedAtNanos) {
        if (streamManaged) {
            inbound++;
        }
        String type = stanza.attribute("type");
        String id = stanza.attribute("id");
        if (stanza.name().equals("iq")) {
            if ("bind".equals(id) || "session".equals(id)) {
                loginStep(stanza, type);
                return;
            }
            if (("get".equals(type) || "set".equals(type)) && id != null) {
                sendStanza(Stanzas.iqResult(id, stanza.attribute("from")), null);
            }
        }
        stanzas.stanza(stanza, receivedAtNanos);
        if (stanza.name().equals("message") && id != null && stanza.attribute("from") != null
                && stanza.child("request", Stanzas.RECEIPTS) != null) {
            sendStanza(Stanzas.received(stanza.attribute("from"), id), null);
        }
    }

    private void loginStep(XmlElement iq, String type) {
        if (!"result".equals(type)) {
            fail(iq.attribute("id") + " refused for " + account.bareJid());
        } else if ("bind".equals(iq.attribute("id")) && sessionRequired) {
            sendRaw(Stanzas.session("session"));
        } else {
            sendRaw(Stanzas.enable());
        }
    }

    private void acknowledged(long handled, long receivedAtNanos) {
        while (true) {
            Pending head;
            synchronized (sendLock) {
                head = pending.peek();
                if (head == null || head.seq() > handled) {
                    return;
                }
                pending.poll();
            }
            acks.acked(head.tag(), receivedAtNanos);
        }
    }

    private void sendRaw(String xml) {
        synchronized (sendLock) {
            enqueue(xml);
        }
    }

    private void enqueue(String xml) { // caller holds sendLock
        if (trace) {
            System.out.println(account.user() + " -> " + xml);
        }
        CompletableFuture<WebSocket> previous = tail;
        tail = previous.thenCompose(ws -> ws.sendText(xml, true)).exceptionallyCompose(error -> {
            sendFailures.incrementAndGet();
            return previous;
        });
    }

    private void fail(String reason) {
        ready.completeExceptionally(new IllegalStateException(reason));
    }
}

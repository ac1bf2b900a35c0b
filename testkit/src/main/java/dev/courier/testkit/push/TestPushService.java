package dev.courier.testkit.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push service of the test's own on loopback (a JDK HTTP server), standing in for a browser vendor's (RFC 8030):
 * each {@link Subscriber} is a device with its own P-256 key pair and auth secret and its own endpoint; every push
 * it receives is kept as it came ({@link ReceivedPush}: headers and encrypted body), for the test to decrypt and to
 * check the VAPID signature of. The answer to each push is 201 unless the subscriber was told otherwise.
 */
public final class TestPushService implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    public TestPushService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", this::receive);
        server.start();
    }

    /** A new device: its endpoint is {@code http://127.0.0.1:<port>/push/<id>}. */
    public Subscriber subscriber() {
        String id = UUID.randomUUID().toString();
        Subscriber subscriber = new Subscriber("http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + id);
        subscribers.put(id, subscriber);
        return subscriber;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Subscriber subscriber = subscribers.get(id);
            if (subscriber == null || !exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            var headers = exchange.getRequestHeaders();
            subscriber.received.add(new ReceivedPush(subscriber, headers.getFirst("Content-Encoding"),
                    headers.getFirst("TTL"), headers.getFirst("Urgency"), headers.getFirst("Authorization"), body));
            Answer answer = subscriber.nextAnswer();
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    record Answer(int status, String retryAfter) {
    }

    /** One device subscribed to this push service: what it would give {@code PUT /api/me/push}. */
    public static final class Subscriber {

        private static final SecureRandom RANDOM = new SecureRandom();

        private final String endpoint;
        private final KeyPair keyPair;
        private final byte[] auth = new byte[16];
        private final List<ReceivedPush> received = new CopyOnWriteArrayList<>();
        private final Deque<Answer> answers = new ArrayDeque<>();

        private Subscriber(String endpoint) {
            this.endpoint = endpoint;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                this.keyPair = generator.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            RANDOM.nextBytes(auth);
        }

        public String endpoint() {
            return endpoint;
        }

        /** {@code keys.p256dh}: the device's public key, the uncompressed point, base64url. */
        public String p256dh() {
            return base64Url(WebPushDecryption.point((ECPublicKey) keyPair.getPublic()));
        }

        /** {@code keys.auth}: its 16-byte secret, base64url. */
        public String auth() {
            return base64Url(auth);
        }

        /** The {@code PUT /api/me/push} body. */
        public String subscriptionJson(boolean preview) {
            return "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\"" + p256dh() + "\",\"auth\":\""
                    + auth() + "\"},\"preview\":" + preview + "}";
        }

        /** Every push received so far, in order. */
        public List<ReceivedPush> received() {
            return List.copyOf(received);
        }

        /** The next pushes are answered with these statuses, in turn (then 201 again). */
        public synchronized Subscriber answer(int... statuses) {
            for (int status : statuses) {
                answers.add(new Answer(status, null));
            }
            return this;
        }

        /** The next push is answered with this status and {@code Retry-After: seconds}. */
        public synchronized Subscriber answerRetryAfter(int status, int retryAfterSeconds) {
            answers.add(new Answer(status, Integer.toString(retryAfterSeconds)));
            return this;
        }

        private synchronized Answer nextAnswer() {
            Answer next = answers.poll();
            return next != null ? next : new Answer(201, null);
        }

        KeyPair keyPair() {
            return keyPair;
        }

        byte[] authSecret() {
            return auth.clone();
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

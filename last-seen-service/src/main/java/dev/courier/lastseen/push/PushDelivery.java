package dev.courier.lastseen.push;

import dev.courier.contracts.api.PushNotification;
import dev.courier.lastseen.LastSeenProperties;
import dev.courier.lastseen.presence.ConnectedDevices;
import dev.courier.support.kafka.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a user's push to each of its subscriptions (on a sender thread, RFC 8030): a {@code POST} of the
 * RFC 8291-encrypted {@link PushNotification} with {@code Content-Encoding: aes128gcm}, {@code TTL},
 * {@code Urgency: high} and the VAPID {@code Authorization}. The user is checked once more first: a device that
 * connected meanwhile has the message, so nothing is sent. The push service's answer decides what follows: 2xx done;
 * 404 or 410 the subscription is gone and removed; 429, 5xx or no answer retried with backoff (doubling from
 * {@code initial-backoff}, or its {@code Retry-After}, at most {@code max-backoff}) until {@code retry-for} has passed;
 * any other answer is given up. {@code courier.lastseen.push.requests{outcome}} counts each request's fate.
 */
@Component
class PushDelivery {

    private static final Logger log = LoggerFactory.getLogger(PushDelivery.class);

    private final ConnectedDevices connected;
    private final PushSubscriptions subscriptions;
    private final SenderNames names;
    private final PushEndpoints endpoints;
    private final Vapid vapid;
    private final PushQueue queue;
    private final Clock clock;
    private final LastSeenProperties.Push settings;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    PushDelivery(ConnectedDevices connected, PushSubscriptions subscriptions, SenderNames names,
                 PushEndpoints endpoints, Vapid vapid, PushQueue queue, Clock clock,
                 LastSeenProperties properties, MeterRegistry meters) {
        this.connected = connected;
        this.subscriptions = subscriptions;
        this.names = names;
        this.endpoints = endpoints;
        this.vapid = vapid;
        this.queue = queue;
        this.clock = clock;
        this.settings = properties.push();
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void deliver(String userId, StoredMessage message) {
        if (!connected.of(List.of(userId)).isEmpty()) {
            count("connected");
            return;
        }
        String fromName = names.of(message.from());
        for (PushSubscription subscription : subscriptions.of(userId)) {
            byte[] plaintext = EventJson.MAPPER.writeValueAsBytes(PushNotification.message(message.conversationId(),
                    message.messageId(), message.from(), fromName, subscription.preview() ? preview(message) : null));
            byte[] body = WebPushEncryption.encrypt(plaintext, P256.publicKey(subscription.p256dh()),
                    subscription.auth());
            send(subscription, body, clock.instant(), 0);
        }
    }

    private void send(PushSubscription subscription, byte[] body, Instant firstTry, int retries) {
        if (!endpoints.allowed(subscription.endpoint())) {
            count("refused"); // the allow-list changed since it subscribed
            return;
        }
        HttpResponse<Void> response;
        try {
            response = http.send(request(subscription, body), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            retry(subscription, body, firstTry, retries, null, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            count("delivered");
        } else if (status == 404 || status == 410) {
            subscriptions.deleteIfCurrent(subscription);
            count("gone");
            log.info("push subscription of device {} of user {} is gone ({}): removed", subscription.deviceId(),
                    subscription.userId(), status);
        } else if (status == 429 || status >= 500) {
            retry(subscription, body, firstTry, retries, response.headers().firstValue("Retry-After").orElse(null),
                    "answer " + status);
        } else {
            count("rejected");
            log.warn("push to {} for device {} of user {} refused: {}", subscription.endpoint().getHost(),
                    subscription.deviceId(), subscription.userId(), status);
        }
    }

    private void retry(PushSubscription subscription, byte[] body, Instant firstTry, int retries, String retryAfter,
                       String cause) {
        Duration wait = Backoff.next(settings.initialBackoff(), settings.maxBackoff(), retries, retryAfter);
        if (clock.instant().plus(wait).isAfter(firstTry.plus(settings.retryFor()))) {
            count("expired");
            log.warn("push to {} for device {} of user {} given up after {} retries: {}",
                    subscription.endpoint().getHost(), subscription.deviceId(), subscription.userId(), retries, cause);
            return;
        }
        count("retried");
        queue.after(wait, () -> queue.submit(() -> send(subscription, body, firstTry, retries + 1)));
    }

    private HttpRequest request(PushSubscription subscription, byte[] body) {
        var request = HttpRequest.newBuilder(subscription.endpoint())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/octet-stream")
                .header("Content-Encoding", "aes128gcm")
                .header("TTL", Long.toString(settings.timeToLive().toSeconds()))
                .header("Urgency", "high")
                .header("Authorization", vapid.authorization(subscription.endpoint()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (subscription.endpoint().getScheme().equals("http")) {
            request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with a loopback test service
        }
        return request.build();
    }

    /** The message's text (or image caption), cut to {@value PushNotification#MAX_TEXT_LENGTH} characters. */
    static String preview(StoredMessage message) {
        String text = message.text();
        if (text == null || text.codePointCount(0, text.length()) <= PushNotification.MAX_TEXT_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PushNotification.MAX_TEXT_LENGTH));
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("courier.lastseen.push.requests")
                .description("Push requests by outcome (connected: not sent, the user had connected meanwhile)")
                .tag("outcome", o)
                .register(meters)).increment();
    }
}

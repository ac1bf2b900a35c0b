package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's flood limits ({@code courier.gateway.rate-limits.*}), as token buckets: frames and bytes per
 * connection, frames per user over all its connections to this gateway, new connections per user to this gateway.
 * Per-user buckets are kept while the user has a connection here (frames) or until they are full again
 * (connections). Counts {@code courier.gateway.rate-limited} by {@code limit}. Thread-safe.
 */
@Component
class RateLimiter {

    /** Which limit refused something: the {@code limit} tag of {@code courier.gateway.rate-limited}. */
    enum Limit {
        CONNECTION_MESSAGES("connection-messages"), CONNECTION_BYTES("connection-bytes"),
        USER_MESSAGES("user-messages"), USER_CONNECTIONS("user-connections");

        final String tag;

        Limit(String tag) {
            this.tag = tag;
        }
    }

    private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final GatewayProperties.RateLimits limits;
    private final LongSupplier nanoTime;
    private final Map<Limit, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, UserFrames> userFrames = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> userConnections = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    @Autowired
    RateLimiter(GatewayProperties properties, MeterRegistry meters) {
        this(properties.rateLimits(), meters, System::nanoTime);
    }

    RateLimiter(GatewayProperties.RateLimits limits, MeterRegistry meters, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
        for (Limit limit : Limit.values()) {
            refused.put(limit, Counter.builder("courier.gateway.rate-limited")
                    .description("Frames and connections refused by a rate limit")
                    .tag("limit", limit.tag)
                    .register(meters));
        }
    }

    /** The buckets of one connection; made when it opens, for {@link #admitFrame}. */
    final class ConnectionBuckets {

        private final String userId;
        private final TokenBucket messages;
        private final TokenBucket bytes;

        private ConnectionBuckets(String userId, long now) {
            this.userId = userId;
            this.messages = new TokenBucket(limits.connectionMessageBurst(), limits.connectionMessagesPerSecond(), now);
            this.bytes = new TokenBucket(limits.connectionBytesBurst(), limits.connectionBytesPerSecond(), now);
        }
    }

    private record UserFrames(TokenBucket bucket, int connections) {
    }

    /**
     * A new connection of {@code userId} is about to open: empty if it may, else the limit it is over. Call
     * {@link #opened} once it did open.
     */
    Optional<Limit> admitConnection(String userId) {
        if (!limits.enabled()) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        TokenBucket bucket = userConnections.computeIfAbsent(userId, id -> new TokenBucket(
                limits.userConnectionsPerMinute(), limits.userConnectionsPerMinute() / 60.0, now));
        return bucket.tryTake(1, now) ? Optional.empty() : refuse(Limit.USER_CONNECTIONS);
    }

    ConnectionBuckets opened(String userId) {
        long now = nanoTime.getAsLong();
        userFrames.compute(userId, (id, frames) -> frames == null
                ? new UserFrames(new TokenBucket(limits.userMessageBurst(), limits.userMessagesPerSecond(), now), 1)
                : new UserFrames(frames.bucket(), frames.connections() + 1));
        return new ConnectionBuckets(userId, now);
    }

    void closed(ConnectionBuckets connection) {
        userFrames.computeIfPresent(connection.userId, (id, frames) -> frames.connections() <= 1 ? null
                : new UserFrames(frames.bucket(), frames.connections() - 1));
    }

    /** A text frame of {@code bytes} on this connection: empty if it may go on, else the limit it is over. */
    Optional<Limit> admitFrame(ConnectionBuckets connection, long bytes) {
        if (!limits.enabled()) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (!connection.messages.tryTake(1, now)) {
            return refuse(Limit.CONNECTION_MESSAGES);
        }
        if (!connection.bytes.tryTake(bytes, now)) {
            return refuse(Limit.CONNECTION_BYTES);
        }
        UserFrames user = userFrames.get(connection.userId);
        if (user != null && !user.bucket().tryTake(1, now)) {
            return refuse(Limit.USER_MESSAGES);
        }
        return Optional.empty();
    }

    int trackedUsers() {
        return userConnections.size() + userFrames.size();
    }

    private Optional<Limit> refuse(Limit limit) {
        refused.get(limit).increment();
        return Optional.of(limit);
    }

    /** Forgets connection buckets that are full again: nobody connected lately, so they would change nothing. */
    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            userConnections.values().removeIf(bucket -> bucket.isFull(now));
        }
    }
}

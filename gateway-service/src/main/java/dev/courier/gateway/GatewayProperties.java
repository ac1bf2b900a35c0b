package dev.courier.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's settings ({@code courier.gateway.*}).
 *
 * @param id                  this instance's id: it names its outbound topic {@code courier.gateway.<id>} and its
 *                            consumer groups, so it must be unique among running gateways and stable across restarts
 *                            (default {@code gw-} and a random suffix)
 * @param jwkSetUri           where auth-service publishes the keys that sign access tokens
 * @param allowedOrigins      origin patterns browsers may open {@code /ws} from (tokens, not cookies, authenticate)
 * @param maxFrameSize        largest client frame in bytes; a larger one closes the socket with 1009
 * @param heartbeatInterval   how often each socket gets a WebSocket ping
 * @param heartbeatTimeout    a socket silent (no frame, no pong) for longer is closed; its {@code SessionClosed} is
 *                            dated to the last frame or pong heard, reason {@code heartbeat-timeout}
 * @param sendTimeLimit       a write to one socket that takes longer closes that socket
 * @param sendBufferLimit     bytes queued for one socket beyond which it is closed as too slow
 * @param maxInFlightPerSocket unacknowledged {@code message} frames remembered per socket (oldest forgotten first)
 * @param maxInFlightBytesPerSocket UTF-8 bytes of unacknowledged {@code message} frames remembered per socket (oldest
 *                            forgotten first; default 1 MiB). Forgotten frames are not lost: message-service's retry
 *                            timer and reconnect flush resend what a device has not acknowledged
 * @param tokenClockSkew      how far past its expiry an access token is still accepted at the upgrade, for clocks
 *                            that disagree a little (default 10 s)
 * @param routes              where the REST edge sends {@code /api/**}
 * @param livenessInterval    how often this gateway publishes {@code GatewayHeartbeat} on {@code courier.sessions}
 *                            (default 10 s); consumers hold its sessions dead once they miss heartbeats for longer
 *                            than their lease (30 s by default), so keep it well below that
 * @param drainTimeout        on shutdown, how long the gateway waits for its sockets to close (code 1012) and their
 *                            {@code SessionClosed} to be sent before it lets the server stop (default 10 s)
 * @param rateLimits          token buckets against floods: frames and bytes per connection, frames per user, new
 *                            connections per user, REST requests per user and per client address (see
 *                            {@link RateLimits})
 */
@Validated
@ConfigurationProperties("courier.gateway")
public record GatewayProperties(
        @Pattern(regexp = "[A-Za-z0-9._-]+") String id,
        @NotNull URI jwkSetUri,
        List<String> allowedOrigins,
        @Positive int maxFrameSize,
        @NotNull Duration heartbeatInterval,
        @NotNull Duration heartbeatTimeout,
        @NotNull Duration sendTimeLimit,
        @Positive int sendBufferLimit,
        @Positive int maxInFlightPerSocket,
        @Positive long maxInFlightBytesPerSocket,
        Duration tokenClockSkew,
        @Valid @NotNull Routes routes,
        Duration livenessInterval,
        Duration drainTimeout,
        @Valid RateLimits rateLimits) {

    public GatewayProperties {
        id = id == null || id.isBlank() ? "gw-" + UUID.randomUUID().toString().substring(0, 8) : id;
        jwkSetUri = jwkSetUri == null ? URI.create("http://localhost:8081/.well-known/jwks.json") : jwkSetUri;
        allowedOrigins = allowedOrigins == null ? List.of("*") : List.copyOf(allowedOrigins);
        maxFrameSize = maxFrameSize == 0 ? 64 * 1024 : maxFrameSize;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(25) : heartbeatInterval;
        heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(60) : heartbeatTimeout;
        sendTimeLimit = sendTimeLimit == null ? Duration.ofSeconds(10) : sendTimeLimit;
        sendBufferLimit = sendBufferLimit == 0 ? 1024 * 1024 : sendBufferLimit;
        maxInFlightPerSocket = maxInFlightPerSocket == 0 ? 10_000 : maxInFlightPerSocket;
        maxInFlightBytesPerSocket = maxInFlightBytesPerSocket == 0 ? 1024 * 1024 : maxInFlightBytesPerSocket;
        tokenClockSkew = tokenClockSkew == null ? Duration.ofSeconds(10) : tokenClockSkew;
        routes = routes == null ? new Routes(null, null, null, null, null) : routes;
        livenessInterval = livenessInterval == null ? Duration.ofSeconds(10) : livenessInterval;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(10) : drainTimeout;
        rateLimits = rateLimits == null ? new RateLimits(null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : rateLimits;
        if (rateLimits.enabled() && rateLimits.connectionBytesBurst() < maxFrameSize) {
            throw new IllegalArgumentException("courier.gateway.rate-limits.connection-bytes-burst must be at least "
                    + "max-frame-size, or no frame of the largest size could ever pass");
        }
        if (livenessInterval.isNegative() || livenessInterval.isZero()) {
            throw new IllegalArgumentException("courier.gateway.liveness-interval must be positive");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("courier.gateway.heartbeat-interval and heartbeat-timeout must be "
                    + "positive");
        }
    }

    /**
     * Token buckets ({@code courier.gateway.rate-limits.*}): a bucket holds up to its burst and refills at its rate;
     * each frame takes one token (and its size in bytes from the byte bucket). A text frame over a limit is not
     * forwarded and is answered with {@code error rate_limited}; the connection stays open. A WebSocket upgrade over
     * the user's connection rate is refused with 429. Per-user limits are counted per gateway instance: a user
     * spread over n gateways gets up to n times them.
     *
     * <p>REST ({@code /api/**}): a request whose bearer token the gateway verifies counts against its user's bucket;
     * any other request (login, registration, refresh, or a missing or bad token) against its client address's.
     * Over the limit the request is not forwarded: {@code 429} ProblemDetail with {@code Retry-After}.
     *
     * @param enabled                 false turns every limit off (default true)
     * @param connectionMessagesPerSecond frames per second per connection (default 100)
     * @param connectionMessageBurst  frames a connection may send at once (default 500: a phone back online
     *                                acknowledges hundreds of messages at once)
     * @param connectionBytesPerSecond frame bytes per second per connection (default 1 MiB)
     * @param connectionBytesBurst    frame bytes at once per connection (default 32 MiB; at least max-frame-size)
     * @param userMessagesPerSecond   frames per second of one user over all its connections (default 200)
     * @param userMessageBurst        frames at once of one user over all its connections (default 1000)
     * @param userConnectionsPerMinute new connections per minute per user, also the burst (default 20)
     * @param restUserRequestsPerSecond REST requests per second of one authenticated user (default 50)
     * @param restUserRequestBurst    REST requests at once of one authenticated user (default 500: a web client
     *                                opening a chat with many images fetches every thumbnail at once)
     * @param restIpRequestsPerSecond REST requests per second without a valid token, per client address (default
     *                                500: the load generator and the benchmark register and log in thousands of
     *                                users from one address; lower it where clients do not share addresses)
     * @param restIpRequestBurst REST requests at once without a valid token, per client address (default 5000)
     */
    public record RateLimits(Boolean enabled, double connectionMessagesPerSecond, int connectionMessageBurst,
                             long connectionBytesPerSecond, long connectionBytesBurst, double userMessagesPerSecond,
                             int userMessageBurst, int userConnectionsPerMinute, double restUserRequestsPerSecond,
                             int restUserRequestBurst, double restIpRequestsPerSecond,
                             int restIpRequestBurst) {

        public RateLimits {
            enabled = enabled == null || enabled;
            connectionMessagesPerSecond = connectionMessagesPerSecond <= 0 ? 100 : connectionMessagesPerSecond;
            connectionMessageBurst = connectionMessageBurst <= 0 ? 500 : connectionMessageBurst;
            connectionBytesPerSecond = connectionBytesPerSecond <= 0 ? 1024 * 1024 : connectionBytesPerSecond;
            connectionBytesBurst = connectionBytesBurst <= 0 ? 32 * 1024 * 1024 : connectionBytesBurst;
            userMessagesPerSecond = userMessagesPerSecond <= 0 ? 200 : userMessagesPerSecond;
            userMessageBurst = userMessageBurst <= 0 ? 1000 : userMessageBurst;
            userConnectionsPerMinute = userConnectionsPerMinute <= 0 ? 20 : userConnectionsPerMinute;
            restUserRequestsPerSecond = restUserRequestsPerSecond <= 0 ? 50 : restUserRequestsPerSecond;
            restUserRequestBurst = restUserRequestBurst <= 0 ? 500 : restUserRequestBurst;
            restIpRequestsPerSecond = restIpRequestsPerSecond <= 0 ? 500 : restIpRequestsPerSecond;
            restIpRequestBurst = restIpRequestBurst <= 0 ? 5000 : restIpRequestBurst;
        }
    }

    /** Base URIs of the services behind {@code /api/**}. */
    public record Routes(URI auth, URI group, URI message, URI lastSeen, URI media) {

        public Routes {
            auth = auth == null ? URI.create("http://localhost:8081") : auth;
            group = group == null ? URI.create("http://localhost:8084") : group;
            message = message == null ? URI.create("http://localhost:8085") : message;
            lastSeen = lastSeen == null ? URI.create("http://localhost:8086") : lastSeen;
            media = media == null ? URI.create("http://localhost:8087") : media;
        }
    }
}

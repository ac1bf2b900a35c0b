package dev.courier.gateway.edge;

import dev.courier.gateway.GatewayProperties;
import dev.courier.gateway.websocket.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * REST rate limits at the edge ({@code /api/**}), as token buckets ({@code courier.gateway.rate-limits.rest-*}): a
 * request with a bearer token the gateway verifies (signature, expiry, revocation: the handshake's decoder) takes one
 * token from its user's bucket; any other request (login, registration, refresh, no token, a bad one) from the bucket
 * of its client address ({@code getRemoteAddr()}: behind a proxy set {@code server.forward-headers-strategy}). An
 * empty bucket answers {@code 429} with a ProblemDetail and {@code Retry-After} (seconds until a token is back), and
 * the request goes nowhere. Buckets are per gateway instance and forgotten once full again. Counts
 * {@code courier.gateway.rate-limited} with {@code limit} {@code rest-user} or {@code rest-ip}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class RestRateLimit extends OncePerRequestFilter {

    static final String DETAIL = "Too many requests: slow down and retry after the time in Retry-After";

    private static final Logger log = LoggerFactory.getLogger(RestRateLimit.class);
    private static final String BEARER = "Bearer ";
    private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final byte[] PROBLEM = ("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
            + "\"detail\":\"" + DETAIL + "\"}").getBytes(StandardCharsets.UTF_8);

    private final GatewayProperties.RateLimits limits;
    private final JwtDecoder tokens;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> users = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> addresses = new ConcurrentHashMap<>();
    private final Counter userRefusals;
    private final Counter addressRefusals;
    private final AtomicLong lastSweep;

    @Autowired
    RestRateLimit(GatewayProperties properties, JwtDecoder tokens, MeterRegistry meters) {
        this(properties.rateLimits(), tokens, meters, System::nanoTime);
    }

    RestRateLimit(GatewayProperties.RateLimits limits, JwtDecoder tokens, MeterRegistry meters, LongSupplier nanoTime) {
        this.limits = limits;
        this.tokens = tokens;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong());
        this.userRefusals = refusals(meters, "rest-user");
        this.addressRefusals = refusals(meters, "rest-ip");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.enabled() || !request.getServletPath().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        Optional<String> user = userOf(request.getHeader(HttpHeaders.AUTHORIZATION));
        TokenBucket bucket = user.isPresent()
                ? users.computeIfAbsent(user.get(), id -> new TokenBucket(limits.restUserRequestBurst(),
                        limits.restUserRequestsPerSecond(), now))
                : addresses.computeIfAbsent(request.getRemoteAddr(), address -> new TokenBucket(
                        limits.restIpRequestBurst(), limits.restIpRequestsPerSecond(), now));
        if (bucket.tryTake(1, now)) {
            chain.doFilter(request, response);
            return;
        }
        (user.isPresent() ? userRefusals : addressRefusals).increment();
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(bucket.nanosUntil(1, now) + 999_999_999L));
        log.debug("Refused {} {} of {}: over the REST rate limit, retry after {} s", request.getMethod(),
                request.getServletPath(), user.map(id -> "user " + id).orElse("address " + request.getRemoteAddr()),
                retryAfter);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(PROBLEM.length);
        response.getOutputStream().write(PROBLEM);
    }

    /** Buckets in memory: users and addresses with one (for tests). */
    int trackedBuckets() {
        return users.size() + addresses.size();
    }

    /** The user of a bearer token the gateway can verify; empty for no token or one it cannot. */
    private Optional<String> userOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            Jwt jwt = tokens.decode(token);
            String subject = jwt.getSubject();
            return subject == null || subject.isBlank() ? Optional.empty() : Optional.of(subject);
        } catch (RuntimeException e) {
            // Bad, expired, revoked, or the keys could not be fetched: the service behind answers 401 (or retries).
            return Optional.empty();
        }
    }

    /** Forgets buckets that are full again: nobody called lately, so they would change nothing. */
    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            users.values().removeIf(bucket -> bucket.isFull(now));
            addresses.values().removeIf(bucket -> bucket.isFull(now));
        }
    }

    private static Counter refusals(MeterRegistry meters, String limit) {
        return Counter.builder("courier.gateway.rate-limited")
                .description("Frames and connections refused by a rate limit")
                .tag("limit", limit)
                .register(meters);
    }
}

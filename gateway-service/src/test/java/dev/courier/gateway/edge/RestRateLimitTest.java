package dev.courier.gateway.edge;

import dev.courier.gateway.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RestRateLimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Tokens "valid-<user>" verify as that user; everything else is refused as the real decoder would. */
    private static final JwtDecoder DECODER = token -> {
        if (!token.startsWith("valid-")) {
            throw new BadJwtException("bad token");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token.substring("valid-".length())).build();
    };

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** Users: burst 3 at 2/s; addresses: burst 2 at 1/s. */
    private RestRateLimit limit(boolean enabled) {
        return new RestRateLimit(new GatewayProperties.RateLimits(enabled, 0, 0, 0, 0, 0, 0, 0, 2, 3, 1, 2),
                DECODER, meters, now::get);
    }

    @Test
    void aUserGetsItsBurstThen429WithRetryAfterAndAProblemThenItsRateAgain() throws Exception {
        RestRateLimit limit = limit(true);
        for (int i = 0; i < 3; i++) {
            assertThat(call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1").getStatus()).isEqualTo(200);
        }

        MockHttpServletResponse refused = call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1");
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"status\":429", "\"title\":\"Too Many Requests\"");
        assertThat(meters.get("courier.gateway.rate-limited").tag("limit", "rest-user").counter().count()).isOne();

        assertThat(call(limit, "/api/groups", "Bearer valid-bob", "10.0.0.1").getStatus()).as("another user")
                .isEqualTo(200);
        assertThat(call(limit, "/api/auth/login", null, "10.0.0.1").getStatus()).as("the address's own bucket")
                .isEqualTo(200);

        now.addAndGet(SECOND / 2);
        assertThat(call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1").getStatus())
                .as("one request back after half a second at 2/s").isEqualTo(200);
        assertThat(call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1").getStatus()).isEqualTo(429);
    }

    @Test
    void requestsWithoutAVerifiedTokenCountPerAddress() throws Exception {
        RestRateLimit limit = limit(true);
        assertThat(call(limit, "/api/auth/register", null, "10.0.0.1").getStatus()).isEqualTo(200);
        assertThat(call(limit, "/api/groups", "Bearer forged-alice", "10.0.0.1").getStatus()).isEqualTo(200);

        MockHttpServletResponse refused = call(limit, "/api/auth/login", "Basic abc", "10.0.0.1");
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(meters.get("courier.gateway.rate-limited").tag("limit", "rest-ip").counter().count()).isOne();
        assertThat(call(limit, "/api/auth/login", null, "10.0.0.2").getStatus()).as("another address")
                .isEqualTo(200);
        assertThat(call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1").getStatus())
                .as("a verified user of that address").isEqualTo(200);

        now.addAndGet(SECOND);
        assertThat(call(limit, "/api/auth/login", null, "10.0.0.1").getStatus()).isEqualTo(200);
    }

    @Test
    void onlyTheApiIsLimitedAndDisabledLimitsRefuseNothing() throws Exception {
        RestRateLimit limit = limit(true);
        for (int i = 0; i < 10; i++) {
            assertThat(call(limit, "/app.js", null, "10.0.0.1").getStatus()).isEqualTo(200);
            assertThat(call(limit, "/ws", null, "10.0.0.1").getStatus()).isEqualTo(200);
        }
        RestRateLimit disabled = limit(false);
        for (int i = 0; i < 10; i++) {
            assertThat(call(disabled, "/api/groups", "Bearer valid-alice", "10.0.0.1").getStatus()).isEqualTo(200);
            assertThat(call(disabled, "/api/auth/login", null, "10.0.0.1").getStatus()).isEqualTo(200);
        }
    }

    @Test
    void bucketsFullAgainAreForgotten() throws Exception {
        RestRateLimit limit = limit(true);
        call(limit, "/api/groups", "Bearer valid-alice", "10.0.0.1");
        call(limit, "/api/auth/login", null, "10.0.0.2");
        assertThat(limit.trackedBuckets()).isEqualTo(2);

        now.addAndGet(120 * SECOND);
        call(limit, "/api/groups", "Bearer valid-bob", "10.0.0.1");

        assertThat(limit.trackedBuckets()).as("only bob's, made after the sweep").isEqualTo(1);
    }

    private static MockHttpServletResponse call(RestRateLimit limit, String path, String authorization, String address)
            throws Exception {
        var request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        request.setRemoteAddr(address);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        var response = new MockHttpServletResponse();
        limit.doFilter(request, response, new MockFilterChain());
        return response;
    }
}

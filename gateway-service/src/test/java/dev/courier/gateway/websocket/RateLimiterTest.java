package dev.courier.gateway.websocket;

import dev.courier.gateway.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private RateLimiter limiter(double perSecond, int burst, long bytesPerSecond, long bytesBurst, double userPerSecond,
                                int userBurst, int connectionsPerMinute) {
        return new RateLimiter(new GatewayProperties.RateLimits(true, perSecond, burst, bytesPerSecond, bytesBurst,
                userPerSecond, userBurst, connectionsPerMinute, 0, 0, 0, 0), meters, now::get);
    }

    @Test
    void aBucketAllowsItsBurstThenItsRate() {
        TokenBucket bucket = new TokenBucket(3, 2, now.get());
        assertThat(bucket.tryTake(1, now.get())).isTrue();
        assertThat(bucket.tryTake(1, now.get())).isTrue();
        assertThat(bucket.tryTake(1, now.get())).isTrue();
        assertThat(bucket.tryTake(1, now.get())).isFalse();

        now.addAndGet(SECOND / 2);
        assertThat(bucket.tryTake(1, now.get())).as("one token back after half a second at 2/s").isTrue();
        assertThat(bucket.tryTake(1, now.get())).isFalse();

        now.addAndGet(100 * SECOND);
        assertThat(bucket.isFull(now.get())).isTrue();
        assertThat(bucket.tryTake(4, now.get())).as("never more than the capacity").isFalse();
    }

    @Test
    void framesOverTheConnectionBurstAreRefusedAndCounted() {
        RateLimiter limiter = limiter(10, 5, 1_000_000, 1_000_000, 1_000, 1_000, 20);
        var connection = limiter.opened("alice");

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admitFrame(connection, 10)).isEmpty();
        }
        assertThat(limiter.admitFrame(connection, 10)).contains(RateLimiter.Limit.CONNECTION_MESSAGES);
        assertThat(meters.counter("courier.gateway.rate-limited", "limit", "connection-messages").count()).isEqualTo(1);

        now.addAndGet(SECOND);
        assertThat(limiter.admitFrame(connection, 10)).as("refilled at 10/s").isEmpty();
    }

    @Test
    void bytesAreLimitedPerConnection() {
        RateLimiter limiter = limiter(1_000, 1_000, 1_000, 2_000, 1_000, 1_000, 20);
        var connection = limiter.opened("alice");

        assertThat(limiter.admitFrame(connection, 1_500)).isEmpty();
        assertThat(limiter.admitFrame(connection, 1_000)).contains(RateLimiter.Limit.CONNECTION_BYTES);
        now.addAndGet(SECOND / 2);
        assertThat(limiter.admitFrame(connection, 1_000)).isEmpty();
    }

    @Test
    void aUsersFramesAreLimitedOverAllItsConnectionsAndOthersAreNotAffected() {
        RateLimiter limiter = limiter(1_000, 1_000, 1_000_000, 1_000_000, 1, 4, 20);
        var phone = limiter.opened("alice");
        var laptop = limiter.opened("alice");
        var bob = limiter.opened("bob");

        assertThat(limiter.admitFrame(phone, 1)).isEmpty();
        assertThat(limiter.admitFrame(laptop, 1)).isEmpty();
        assertThat(limiter.admitFrame(phone, 1)).isEmpty();
        assertThat(limiter.admitFrame(laptop, 1)).isEmpty();
        assertThat(limiter.admitFrame(phone, 1)).contains(RateLimiter.Limit.USER_MESSAGES);
        assertThat(limiter.admitFrame(bob, 1)).isEmpty();
    }

    @Test
    void aUsersBucketOutlivesOneOfItsConnectionsButNotTheLast() {
        RateLimiter limiter = limiter(1_000, 1_000, 1_000_000, 1_000_000, 1, 2, 20);
        var phone = limiter.opened("alice");
        var laptop = limiter.opened("alice");
        limiter.admitFrame(phone, 1);
        limiter.admitFrame(phone, 1);

        limiter.closed(phone);
        assertThat(limiter.admitFrame(laptop, 1)).as("still the same user bucket").isPresent();

        limiter.closed(laptop);
        assertThat(limiter.admitFrame(limiter.opened("alice"), 1)).isEmpty();
    }

    @Test
    void newConnectionsPerUserAreLimitedPerMinute() {
        RateLimiter limiter = limiter(1, 1, 1, 1, 1, 1, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admitConnection("alice")).isEmpty();
        }
        assertThat(limiter.admitConnection("alice")).isEqualTo(Optional.of(RateLimiter.Limit.USER_CONNECTIONS));
        assertThat(limiter.admitConnection("bob")).isEmpty();

        now.addAndGet(20 * SECOND);
        assertThat(limiter.admitConnection("alice")).as("one back after 20 s at 3/min").isEmpty();
        assertThat(limiter.admitConnection("alice")).isPresent();
    }

    @Test
    void idleConnectionBucketsAreForgotten() {
        RateLimiter limiter = limiter(1, 1, 1, 1, 1, 1, 3);
        limiter.admitConnection("alice");
        assertThat(limiter.trackedUsers()).isEqualTo(1);

        now.addAndGet(120 * SECOND);
        limiter.admitConnection("bob");

        assertThat(limiter.trackedUsers()).as("alice's bucket was full again, so forgotten").isEqualTo(1);
    }

    @Test
    void disabledLimitsRefuseNothing() {
        RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimits(false, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), meters,
                now::get);
        var connection = limiter.opened("alice");
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admitFrame(connection, 1_000)).isEmpty();
            assertThat(limiter.admitConnection("alice")).isEmpty();
        }
    }

    @Test
    void theAnswerNamesTheFramesIdOnlyWhenItIsShortAndPrintable() {
        assertThat(RateLimitedFrames.answer("{\"type\":\"send\",\"id\":\"m-1\"}"))
                .contains("\"code\":\"rate_limited\"").contains("\"ref\":\"m-1\"");
        assertThat(RateLimitedFrames.answer("{\"type\":\"ping\"}")).doesNotContain("ref");
        assertThat(RateLimitedFrames.answer("{\"id\":\"" + "x".repeat(65) + "\"}")).doesNotContain("ref");
        assertThat(RateLimitedFrames.answer("{\"id\":\"a\\u0000\"}")).doesNotContain("ref");
        assertThat(RateLimitedFrames.answer("{\"id\": not json")).doesNotContain("ref");
    }
}

package dev.courier.media.library;

import dev.courier.media.MediaProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadSlotsTest {

    private final UploadSlots slots = new UploadSlots(properties(1, Duration.ofMillis(200)), new SimpleMeterRegistry());

    @Test
    void anUploadOverTheLimitWaitsThenGets503WithRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return slots.run(() -> {
                    inside.countDown();
                    await(release);
                    return "first";
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> slots.run(() -> "second"))
                .isInstanceOfSatisfying(ResponseStatusException.class, busy -> {
                    assertThat(busy.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                });

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(slots.run(() -> "third")).isEqualTo("third");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MediaProperties properties(int slots, Duration timeout) {
        return new MediaProperties(org.springframework.util.unit.DataSize.ofMegabytes(16), 16384, 50_000_000, 320, 2048,
                new MediaProperties.Storage(MediaProperties.StorageType.LOCAL, new MediaProperties.Local(null),
                        new MediaProperties.S3(null, "us-east-1", "courier-media", true)),
                Duration.ofHours(24), Duration.ofMinutes(10), 100, slots, timeout);
    }
}

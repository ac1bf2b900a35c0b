package dev.courier.media.library;

import dev.courier.media.MediaProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many uploads are read and inspected at once. Each holds its bytes (up to {@code max-size}) and a decoder in
 * memory; without a bound, a burst of uploads (hundreds of 1 MiB photos at once) filled the heap and took the
 * service down for everyone. Others wait their turn for up to {@code upload-queue-timeout} (their bodies wait on
 * disk, in the servlet container's multipart files), then get {@code 503} with {@code Retry-After}.
 */
@Component
class UploadSlots {

    private final Semaphore slots;
    private final Duration queueTimeout;

    UploadSlots(MediaProperties properties, MeterRegistry meters) {
        this.slots = new Semaphore(properties.maxConcurrentUploads(), true);
        this.queueTimeout = properties.uploadQueueTimeout();
        Gauge.builder("courier.media.uploads.in.progress", slots,
                        s -> properties.maxConcurrentUploads() - s.availablePermits())
                .description("Uploads being read and inspected now")
                .register(meters);
    }

    /** Runs {@code upload} in a slot; {@code 503} when none frees up in time. */
    <T> T run(UploadWork<T> upload) throws java.io.IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return upload.run();
        } finally {
            slots.release();
        }
    }

    private static ResponseStatusException busy() {
        return new Busy();
    }

    /** 503 with {@code Retry-After: 1}, which the ProblemDetail handler copies into the response. */
    private static final class Busy extends ResponseStatusException {

        Busy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "Too many uploads at once; try again in a moment");
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            return headers;
        }
    }

    @FunctionalInterface
    interface UploadWork<T> {
        T run() throws java.io.IOException;
    }
}

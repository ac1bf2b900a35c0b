package dev.courier.auth.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.auth.AuthProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/**
 * Registrations per client address: a Bucket4j token bucket each ({@code courier.auth.registrations.burst} at once,
 * refilled by {@code per-hour}), so one address cannot create accounts by the thousand (and make every login wait
 * behind their password hashing). Buckets live in a bounded cache and are forgotten once idle long enough to be
 * full again. In memory, per instance.
 */
@Component
class RegistrationLimit {

    private final Cache<String, Bucket> buckets;
    private final Bandwidth bandwidth;

    RegistrationLimit(AuthProperties properties) {
        var limits = properties.registrations();
        this.bandwidth = Bandwidth.builder().capacity(limits.burst())
                .refillGreedy(limits.perHour(), Duration.ofHours(1)).build();
        Duration refillAll = Duration.ofHours(1).multipliedBy(limits.burst()).dividedBy(limits.perHour());
        this.buckets = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterAccess(refillAll.plusMinutes(1)).build();
    }

    /** @throws ErrorResponseException 429 with {@code Retry-After} when the address has no registration left */
    void take(String clientAddress) {
        Bucket bucket = buckets.get(clientAddress, address -> Bucket.builder().addLimit(bandwidth).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            var refused = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS);
            refused.setDetail("Too many registrations from this address; retry in " + seconds + " s");
            refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            throw refused;
        }
    }
}

package dev.courier.session.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.contracts.api.UserView;
import dev.courier.session.SessionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.util.Optional;

/**
 * Looks users up in auth-service ({@code GET /internal/users/{userId}}; 404 = no such user). Active users are
 * cached for {@code courier.session.lookup-cache-ttl}; unknown and inactive answers are not, so a user who
 * registers a moment later is found at once. A lookup that fails (auth-service down, a 5xx, a timeout) throws
 * {@link UserLookupFailedException}: the caller must not take it for "unknown user".
 */
@Component
public class UserDirectory {

    private final RestClient auth;
    private final Cache<String, UserView> activeUsers;
    private final MeterRegistry meters;

    UserDirectory(RestClient.Builder builder, SessionProperties properties, MeterRegistry meters) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.auth = builder.baseUrl(properties.authUrl().toString()).requestFactory(requests).build();
        this.activeUsers = Caffeine.newBuilder()
                .expireAfterWrite(properties.lookupCacheTtl())
                .maximumSize(properties.lookupCacheSize())
                .build();
        this.meters = meters;
    }

    /** The user, or empty when auth-service does not know it. Active or not: callers check {@code active}. */
    public Optional<UserView> find(String userId) {
        UserView cached = activeUsers.getIfPresent(userId);
        if (cached != null) {
            outcome("cached").increment();
            return Optional.of(cached);
        }
        Timer.Sample sample = Timer.start(meters);
        Optional<UserView> found;
        try {
            found = fetch(userId);
        } catch (RuntimeException e) {
            sample.stop(timer("failed"));
            throw e instanceof UserLookupFailedException failed ? failed
                    : new UserLookupFailedException("Looking up user " + userId + " failed: " + e.getMessage(), e);
        }
        sample.stop(timer(found.isPresent() ? "found" : "unknown"));
        found.filter(UserDirectory::isActive).ifPresent(user -> activeUsers.put(userId, user));
        return found;
    }

    public void evict(String userId) {
        activeUsers.invalidate(userId);
    }

    /** {@code active} absent counts as active: auth-service's public view leaves deactivated users out anyway. */
    public static boolean isActive(UserView user) {
        return !Boolean.FALSE.equals(user.active());
    }

    private Optional<UserView> fetch(String userId) {
        return auth.get().uri("/internal/users/{userId}", userId).exchange((request, response) -> {
            if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            if (!response.getStatusCode().is2xxSuccessful()) {
                throw new UserLookupFailedException("Looking up user " + userId + " answered "
                        + response.getStatusCode(), null);
            }
            return Optional.ofNullable(response.bodyTo(UserView.class));
        });
    }

    private Counter outcome(String outcome) {
        return meters.counter("courier.session.user.lookups", "outcome", outcome);
    }

    private Timer timer(String outcome) {
        return meters.timer("courier.session.user.lookup.time", "outcome", outcome);
    }
}

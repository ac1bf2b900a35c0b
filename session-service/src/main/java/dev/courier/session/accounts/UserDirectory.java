package dev.courier.session.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.contracts.api.UserView;
import dev.courier.session.SessionProperties;
import dev.courier.support.api.UsersApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

import java.util.Optional;

/**
 * Looks users up in auth-service ({@link UsersApi}). Active users are cached for
 * {@code courier.session.lookup-cache-ttl}; unknown and inactive answers are not, so a user who registers a moment
 * later is found at once. A lookup that fails (auth-service down, a 5xx, a timeout) throws
 * {@code DependencyUnavailableException}: the command is retried, never refused as "unknown user".
 */
@Component
@ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)
public class UserDirectory {

    private final UsersApi auth;
    private final Cache<String, UserView> activeUsers;
    private final MeterRegistry meters;

    UserDirectory(UsersApi auth, SessionProperties properties, MeterRegistry meters) {
        this.auth = auth;
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
            meters.counter("courier.session.user.lookups", "outcome", "cached").increment();
            return Optional.of(cached);
        }
        Timer.Sample sample = Timer.start(meters);
        Optional<UserView> found;
        try {
            found = auth.user(userId);
        } catch (RuntimeException e) {
            sample.stop(timer("failed"));
            throw e;
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

    private Timer timer(String outcome) {
        return meters.timer("courier.session.user.lookup.time", "outcome", outcome);
    }
}

package dev.courier.lastseen.watchers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.lastseen.LastSeenProperties;
import dev.courier.support.api.UsersApi;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Whether a user exists, from auth-service ({@link UsersApi}; unknown or inactive = no). Users found are cached for
 * {@code lookup-cache-ttl}; unknown ones are not, so a user who registers a moment later is found at once. A failed
 * lookup (auth down, 5xx, timeout) throws {@code DependencyUnavailableException}: it is never taken for "unknown".
 */
@Component
@ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)
class UserDirectory {

    private final UsersApi auth;
    private final Cache<String, Boolean> known;

    UserDirectory(UsersApi auth, LastSeenProperties properties) {
        this.auth = auth;
        this.known = Caffeine.newBuilder()
                .expireAfterWrite(properties.lookupCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    boolean exists(String userId) {
        if (known.getIfPresent(userId) != null) {
            return true;
        }
        boolean exists = auth.user(userId).filter(user -> !Boolean.FALSE.equals(user.active())).isPresent();
        if (exists) {
            known.put(userId, true);
        }
        return exists;
    }
}

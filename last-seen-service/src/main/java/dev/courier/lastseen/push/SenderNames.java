package dev.courier.lastseen.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.contracts.api.UserView;
import dev.courier.lastseen.LastSeenProperties;
import dev.courier.support.api.UsersApi;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The {@code fromName} of a push: the sender's display name from auth-service ({@link UsersApi}), remembered for
 * {@code lookup-cache-ttl}. A lookup that fails gives an empty name: a push without the name beats no push.
 */
@Component
@ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)
class SenderNames {

    private final UsersApi users;
    private final Cache<String, String> names;

    SenderNames(UsersApi users, LastSeenProperties properties) {
        this.users = users;
        this.names = Caffeine.newBuilder()
                .expireAfterWrite(properties.lookupCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    String of(String userId) {
        String cached = names.getIfPresent(userId);
        if (cached != null) {
            return cached;
        }
        try {
            String name = users.user(userId).map(UserView::displayName).orElse("");
            names.put(userId, name);
            return name;
        } catch (RuntimeException e) {
            return "";
        }
    }
}

package dev.courier.lastseen.watchers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.contracts.api.UserView;
import dev.courier.lastseen.LastSeenProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;

/**
 * Whether a user exists, from auth-service ({@code GET /internal/users/{userId}}; 404 or inactive = no). Users
 * found are cached for {@code lookup-cache-ttl}; unknown ones are not, so a user who registers a moment later is
 * found at once. A failed lookup (auth down, 5xx, timeout) throws: it is never taken for "unknown".
 */
@Component
class UserDirectory {

    private final RestClient auth;
    private final Cache<String, Boolean> known;

    UserDirectory(RestClient.Builder builder, LastSeenProperties properties) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.auth = builder.baseUrl(properties.authUrl().toString()).requestFactory(requests).build();
        this.known = Caffeine.newBuilder()
                .expireAfterWrite(properties.lookupCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    boolean exists(String userId) {
        if (known.getIfPresent(userId) != null) {
            return true;
        }
        boolean exists = auth.get().uri("/internal/users/{userId}", userId).exchange((request, response) -> {
            if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return false;
            }
            if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException("Looking up user " + userId + " answered " + response.getStatusCode());
            }
            UserView user = response.bodyTo(UserView.class);
            return user != null && !Boolean.FALSE.equals(user.active());
        });
        if (exists) {
            known.put(userId, true);
        }
        return exists;
    }
}

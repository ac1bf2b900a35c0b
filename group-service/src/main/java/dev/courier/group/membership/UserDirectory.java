package dev.courier.group.membership;

import dev.courier.contracts.api.UserView;
import dev.courier.group.GroupProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Checks with auth-service ({@code GET /internal/users/{userId}}; 404 = unknown) that users exist and are active,
 * before they are made members. Unknown or deactivated users are refused with 404; when auth-service cannot answer
 * (down, timeout, 5xx) the request fails with 503: an outage never passes for "unknown user", nor for "exists".
 */
@Component
class UserDirectory {

    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);
    /** Lookups of one request in flight at once: a 1,024-member group is checked quickly without a flood. */
    private static final int PARALLEL_LOOKUPS = 8;

    private final RestClient auth;
    private final MeterRegistry meters;

    UserDirectory(RestClient.Builder builder, GroupProperties properties, MeterRegistry meters) {
        var requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(properties.authTimeout()).build());
        requests.setReadTimeout(properties.authTimeout());
        this.auth = builder.baseUrl(properties.authUrl().toString()).requestFactory(requests).build();
        this.meters = meters;
    }

    /** @throws ResponseStatusException 404 naming the users that are unknown or inactive; 503 if auth cannot answer */
    void requireActive(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        Map<String, Future<Boolean>> lookups = new LinkedHashMap<>();
        Semaphore permits = new Semaphore(PARALLEL_LOOKUPS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String userId : userIds) {
                lookups.put(userId, executor.submit(() -> {
                    permits.acquire();
                    try {
                        return isActive(userId);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<String> missing = new ArrayList<>();
        for (var lookup : lookups.entrySet()) {
            if (!answer(lookup.getKey(), lookup.getValue())) {
                missing.add(lookup.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, (missing.size() == 1 ? "User not found: "
                    : "Users not found: ") + String.join(", ", missing));
        }
    }

    private boolean answer(String userId, Future<Boolean> lookup) {
        try {
            return lookup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(userId, e);
        } catch (ExecutionException e) {
            throw unavailable(userId, e.getCause());
        }
    }

    private boolean isActive(String userId) {
        if (!isUserId(userId)) {
            // User ids are UUIDs: anything else names no user, and is not sent on to auth-service (whose web server
            // refuses control characters in a path with 400, which would read as an outage here).
            meters.counter("courier.group.user.lookups", "outcome", "unknown").increment();
            return false;
        }
        Boolean active = auth.get().uri("/internal/users/{userId}", userId).exchange((request, response) -> {
            if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return false;
            }
            if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException("auth-service answered " + response.getStatusCode());
            }
            UserView user = response.bodyTo(UserView.class);
            return user != null && !Boolean.FALSE.equals(user.active());
        });
        meters.counter("courier.group.user.lookups", "outcome", Boolean.TRUE.equals(active) ? "active" : "unknown")
                .increment();
        return Boolean.TRUE.equals(active);
    }

    static boolean isUserId(String userId) {
        try {
            return userId != null && java.util.UUID.fromString(userId).toString().equalsIgnoreCase(userId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ResponseStatusException unavailable(String userId, Throwable cause) {
        meters.counter("courier.group.user.lookups", "outcome", "failed").increment();
        log.warn("Looking up user {} in auth-service failed: {}", userId, String.valueOf(cause));
        return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                "Users cannot be checked right now; retry later", cause);
    }
}

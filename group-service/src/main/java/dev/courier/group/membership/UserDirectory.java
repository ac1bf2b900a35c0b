package dev.courier.group.membership;

import dev.courier.support.api.UsersApi;
import dev.courier.support.kafka.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.service.registry.ImportHttpServices;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Checks with auth-service ({@link UsersApi}) that users exist and are active, before they are made members. Unknown
 * or deactivated users are refused with 404; when auth-service cannot answer (down, timeout, 5xx) the lookup throws
 * {@link DependencyUnavailableException} and the request fails with 503: an outage never passes for "unknown user",
 * nor for "exists".
 */
@Component
@ImportHttpServices(group = UsersApi.SERVICE, types = UsersApi.class)
class UserDirectory {

    /** Lookups of one request in flight at once: a 1,024-member group is checked quickly without a flood. */
    private static final int PARALLEL_LOOKUPS = 8;

    private final UsersApi auth;
    private final MeterRegistry meters;

    UserDirectory(UsersApi auth, MeterRegistry meters) {
        this.auth = auth;
        this.meters = meters;
    }

    /** @throws ResponseStatusException 404 naming the users that are unknown or inactive */
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
        // User ids are UUIDs: anything else names no user, and is not sent on to auth-service (whose web server
        // refuses control characters in a path with 400, which would read as an outage here).
        boolean active = isUserId(userId)
                && auth.user(userId).filter(user -> !Boolean.FALSE.equals(user.active())).isPresent();
        meters.counter("courier.group.user.lookups", "outcome", active ? "active" : "unknown").increment();
        return active;
    }

    static boolean isUserId(String userId) {
        try {
            return userId != null && UUID.fromString(userId).toString().equalsIgnoreCase(userId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private DependencyUnavailableException unavailable(String userId, Throwable cause) {
        meters.counter("courier.group.user.lookups", "outcome", "failed").increment();
        return cause instanceof DependencyUnavailableException unavailable ? unavailable
                : new DependencyUnavailableException("Looking up user " + userId + " failed: " + cause, cause);
    }
}

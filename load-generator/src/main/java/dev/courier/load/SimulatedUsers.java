package dev.courier.load;

import dev.courier.client.CourierApiException;
import dev.courier.client.CourierClient;
import dev.courier.contracts.api.TokenResponse;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Registers and logs in fresh users, a few at a time. Registration hashes a password (the shared benchmark stack
 * runs auth-service with {@code courier.auth.password-hash-strength=4}, so hashing is cheap there). Logins of fresh
 * users never meet auth-service's throttle: it counts failed logins per phone number only.
 */
final class SimulatedUsers {

    static final String PASSWORD = "load-test-password";

    private SimulatedUsers() {
    }

    /** Registers {@code count} users, four at a time. */
    static List<TokenResponse> create(CourierClient client, String prefix, int count) {
        return create(client, prefix, count, 4);
    }

    /** Registers {@code count} users, {@code parallelism} at a time. */
    static List<TokenResponse> create(CourierClient client, String prefix, int count, int parallelism) {
        return Parallel.map(parallelism, count, i -> one(client, prefix + "-" + i));
    }

    /** A fresh user with a random phone number; a number that happens to be taken is drawn again. */
    static TokenResponse one(CourierClient client, String name) {
        for (int attempt = 1; ; attempt++) {
            String phone = "+1" + ThreadLocalRandom.current().nextLong(2_000_000_000L, 10_000_000_000L);
            try {
                client.register(phone, PASSWORD, name);
                return client.login(phone, PASSWORD);
            } catch (CourierApiException e) {
                if (e.status() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }
}

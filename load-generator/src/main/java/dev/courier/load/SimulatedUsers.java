package dev.courier.load;

import dev.courier.client.CourierApiException;
import dev.courier.client.CourierClient;
import dev.courier.contracts.api.TokenResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Registers and logs in fresh users, a few at a time (registration hashes a password: it is meant to be slow). */
final class SimulatedUsers {

    static final String PASSWORD = "load-test-password";

    private SimulatedUsers() {
    }

    /** Registers {@code count} users, four at a time: auth-service hashes each password, so it sets the pace. */
    static List<TokenResponse> create(CourierClient client, String prefix, int count) {
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<Future<TokenResponse>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                pending.add(workers.submit(() -> one(client, name)));
            }
            List<TokenResponse> users = new ArrayList<>();
            for (Future<TokenResponse> user : pending) {
                users.add(user.get());
            }
            return List.copyOf(users);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not register a user", e.getCause());
        }
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

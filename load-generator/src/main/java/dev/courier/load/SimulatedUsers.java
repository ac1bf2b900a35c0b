package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.contracts.api.TokenResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** Registers and logs in fresh users, a few at a time (registration hashes a password: it is meant to be slow). */
final class SimulatedUsers {

    static final String PASSWORD = "load-test-password";

    private SimulatedUsers() {
    }

    static List<TokenResponse> create(CourierClient client, String prefix, int count) {
        List<TokenResponse> users = new ArrayList<>(IntStream.range(0, count).parallel()
                .mapToObj(i -> one(client, prefix + "-" + i)).toList());
        return List.copyOf(users);
    }

    static TokenResponse one(CourierClient client, String name) {
        String phone = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);
        client.register(phone, PASSWORD, name);
        return client.login(phone, PASSWORD);
    }
}

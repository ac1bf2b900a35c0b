package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;

import java.util.concurrent.ThreadLocalRandom;

/** A registered user with one logged-in device, for tests. Each has a fresh random phone number. */
record TestUser(String userId, String phone, String password, TokenResponse tokens) {

    static final String PASSWORD = "correct horse battery";

    static TestUser register(CourierClient client, String name) {
        String phone = randomPhone();
        String userId = client.register(phone, PASSWORD, name);
        UsedSecrets.password(PASSWORD);
        TokenResponse tokens = client.login(phone, PASSWORD);
        UsedSecrets.tokens(tokens);
        return new TestUser(userId, phone, PASSWORD, tokens);
    }

    static String randomPhone() {
        return "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);
    }

    String token() {
        return tokens.accessToken();
    }

    /** Logs in again as another device of the same user. */
    TestUser anotherDevice(CourierClient client) {
        TokenResponse tokens = client.login(phone, password);
        UsedSecrets.tokens(tokens);
        return new TestUser(userId, phone, password, tokens);
    }

    CourierConnection connect(CourierClient client) {
        return client.connect(token());
    }

    /** Connects as a phone woken to fetch messages ({@code ?state=background}). */
    CourierConnection connectInBackground(CourierClient client) {
        return client.connect(token(), true);
    }
}

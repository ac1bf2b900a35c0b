package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A registered user with one logged-in device, for tests. Each has a phone number no other test user has. */
record TestUser(String userId, String phone, String password, TokenResponse tokens) {

    static final String PASSWORD = "correct horse battery";
    private static final int SUBSCRIBER_NUMBERS = 9_000_000;
    /** Numbers are handed out in turn from a random start: unique within this JVM, and unlikely to meet an old run's. */
    private static final AtomicInteger nextNumber =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(SUBSCRIBER_NUMBERS));

    static TestUser register(CourierClient client, String name) {
        String phone = unusedPhone();
        String userId = client.register(phone, PASSWORD, name);
        UsedSecrets.password(PASSWORD);
        TokenResponse tokens = client.login(phone, PASSWORD);
        UsedSecrets.tokens(tokens);
        return new TestUser(userId, phone, PASSWORD, tokens);
    }

    static String unusedPhone() {
        return "+1555" + (1_000_000 + Math.floorMod(nextNumber.getAndIncrement(), SUBSCRIBER_NUMBERS));
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

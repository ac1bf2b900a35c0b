package dev.courier.session.accounts;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.UserView;
import dev.courier.session.SessionProperties;
import dev.courier.support.api.InternalCalls;
import dev.courier.support.api.UsersApi;
import dev.courier.support.kafka.DependencyUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lookup against a real HTTP server standing in for auth-service. */
class UserDirectoryTest {

    private HttpServer auth;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "";

    @BeforeEach
    void startAuth() throws IOException {
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/internal/users/", exchange -> {
            calls.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        auth.start();
    }

    @AfterEach
    void stopAuth() {
        auth.stop(0);
    }

    private UserDirectory directory(URI authUrl) {
        return new UserDirectory(InternalCalls.client(UsersApi.class, UsersApi.SERVICE, authUrl.toString()),
                new SessionProperties(Duration.ofSeconds(30), 100,
                        new SessionProperties.Sessions(Duration.ofSeconds(30), Duration.ofSeconds(5)),
                        Duration.ofSeconds(30)),
                new SimpleMeterRegistry());
    }

    private UserDirectory directory() {
        return directory(URI.create("http://127.0.0.1:" + auth.getAddress().getPort()));
    }

    @Test
    void anActiveUserIsFoundAndCached() {
        body = "{\"userId\":\"bob\",\"phone\":\"+15550001\",\"displayName\":\"Bob\",\"active\":true}";
        UserDirectory directory = directory();

        assertThat(directory.find("bob")).contains(new UserView("bob", "+15550001", "Bob", true));
        assertThat(directory.find("bob")).isPresent();
        assertThat(calls).hasValue(1);
    }

    @Test
    void evictionForgetsTheCachedUser() {
        body = "{\"userId\":\"bob\",\"active\":true}";
        UserDirectory directory = directory();
        directory.find("bob");
        directory.evict("bob");
        body = "{\"userId\":\"bob\",\"active\":false}";

        assertThat(directory.find("bob")).hasValueSatisfying(user -> assertThat(UserDirectory.isActive(user)).isFalse());
        assertThat(calls).hasValue(2);
    }

    @Test
    void anInactiveUserIsFoundButNotCached() {
        body = "{\"userId\":\"bob\",\"active\":false}";
        UserDirectory directory = directory();

        assertThat(directory.find("bob")).isPresent();
        directory.find("bob");
        assertThat(calls).hasValue(2);
    }

    @Test
    void notFoundIsAnUnknownUserAndNotCached() {
        status = 404;
        UserDirectory directory = directory();

        assertThat(directory.find("ghost")).isEmpty();
        assertThat(directory.find("ghost")).isEmpty();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aServerErrorIsAFailedLookupNotAnUnknownUser() {
        status = 503;
        assertThatThrownBy(() -> directory().find("bob")).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void anUnreachableAuthServiceIsAFailedLookup() {
        URI closed = URI.create("http://127.0.0.1:" + auth.getAddress().getPort());
        auth.stop(0);
        assertThatThrownBy(() -> directory(closed).find("bob")).isInstanceOf(DependencyUnavailableException.class);
    }
}

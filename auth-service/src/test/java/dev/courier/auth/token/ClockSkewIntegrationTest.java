package dev.courier.auth.token;

import dev.courier.auth.AuthProperties;
import dev.courier.auth.account.Operators;
import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Finding 10 of issue 19: a token is taken at most 10 s past its expiry (Spring's default was a minute). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClockSkewIntegrationTest implements RealInfrastructure {

    @Autowired
    SigningKeys keys;
    @Autowired
    AuthProperties properties;
    @Autowired
    Operators operators;
    @LocalServerPort
    int port;

    @Test
    void aTokenEighteenSecondsPastItsExpiryIsRefusedThreeSecondsPastIsNot() {
        var http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        String user = UUID.randomUUID().toString();

        http.post().uri("/api/auth/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + expiredAgo(user, 18))
                .exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/auth/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + expiredAgo(user, 3))
                .exchange().expectStatus().isNoContent();
    }

    private String expiredAgo(String userId, long seconds) {
        Instant issued = Instant.now().minus(properties.accessTokenTtl()).minusSeconds(seconds);
        var tokens = new AccessTokens(keys, Clock.fixed(issued, ZoneOffset.UTC), properties, operators);
        return tokens.issue(userId, "device-" + Duration.ofSeconds(seconds)).value();
    }
}

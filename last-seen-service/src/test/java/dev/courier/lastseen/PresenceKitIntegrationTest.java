package dev.courier.lastseen;

import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A last-seen-service context (each subclass says which, with its own {@code @SpringBootTest}) on the test kit's
 * real Kafka and PostgreSQL, beside a {@link PresenceTestKit}: the stand-in auth-service the service asks for
 * names and privacy, and the gateway's side of the topics. One kit per class.
 */
abstract class PresenceKitIntegrationTest implements RealInfrastructure {

    static PresenceTestKit kit;

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        registry.add("courier.lastseen.auth-url", PresenceTestKit::authUrl);
    }

    @BeforeAll
    static void startKit() {
        kit = new PresenceTestKit();
    }

    @AfterAll
    static void stopKit() throws InterruptedException {
        kit.close();
    }
}

package dev.courier.system;

import dev.courier.client.CourierApiException;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Time limits, on a stack of its own with short ones: a message's time to live of 8 s and access tokens that
 * live 3 s. Runs first and stops its stack before the shared one starts. As the first stack of a run after a build, it
 * trains the AOT caches every later stack starts with (JDK 25+).
 */
@Tag(SuitePhases.BEFORE_SHARED_STACK)
@Order(0)
class MessageExpirySystemTest {

    static final Duration TIME_TO_LIVE = Duration.ofSeconds(8);
    @AutoClose
    static CourierStack stack;
    static CourierClient client;

    @BeforeAll
    static void startStack() {
        stack = SystemStack.start("expiry", builder -> builder
                .gateways(1)
                .property("message-service", "courier.message.time-to-live", TIME_TO_LIVE.toSeconds() + "s")
                .property("message-service", "courier.message.expiry.scan-interval", "1s")
                .property("auth-service", "courier.auth.access-token-ttl", "3s"));
        client = new CourierClient(stack.gatewayUrl(1));
    }

    @Test
    void aMessageNobodyDeliversInTimeIsDestroyedAndTheSenderToldExpired() {
        TestUser alice = TestUser.register(client, "Alice");
        TestUser bob = TestUser.register(client, "Bob");
        String id;
        try (CourierConnection aliceSocket = alice.connect(client)) {
            id = aliceSocket.sendText(bob.userId(), "you will never read this");
            aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), Duration.ofSeconds(60));

            ErrorFrame expired = aliceSocket.awaitFrame(ErrorFrame.class, e -> id.equals(e.ref()), Duration.ofSeconds(60));
            assertThat(expired.code()).isEqualTo("expired");
        }

        TestUser bobLater = bob.anotherDevice(client);
        try (CourierConnection bobSocket = bobLater.connect(client)) {
            String ping = "after expiry";
            TestUser carol = TestUser.register(client, "Carol");
            try (CourierConnection carolSocket = carol.connect(client)) {
                String marker = carolSocket.sendText(bob.userId(), ping);
                bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(marker), Duration.ofSeconds(60));
            }
            assertThat(bobSocket.frames(MessageFrame.class)).extracting(MessageFrame::id).doesNotContain(id);
        }
    }

    @Test
    void anExpiredAccessTokenIsRefusedAtTheUpgradeWith401() {
        TestUser alice = TestUser.register(client, "Alice");
        // The gateway allows a few seconds of clock skew; wait until the token is well past it.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThatThrownBy(() -> alice.connect(client).close())
                        .isInstanceOfSatisfying(CourierApiException.class, e -> assertThat(e.status()).isEqualTo(401)));
    }
}

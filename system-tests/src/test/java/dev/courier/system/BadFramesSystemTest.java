package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on a live connection gets the error PROTOCOL.md names, and the same connection keeps sending and
 * receiving afterwards; only an over-size frame closes it (1009).
 */
@Order(3)
class BadFramesSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static CourierClient client;
    static TestUser alice;
    static TestUser bob;
    static CourierConnection aliceSocket;
    static CourierConnection bobSocket;

    @BeforeAll
    static void connect() {
        client = new CourierClient(SystemStack.shared().gatewayUrl(1));
        alice = TestUser.register(client, "Alice");
        bob = TestUser.register(client, "Bob");
        aliceSocket = alice.connect(client);
        bobSocket = bob.connect(new CourierClient(SystemStack.shared().gatewayUrl(2)));
    }

    @AfterAll
    static void disconnect() {
        aliceSocket.close();
        bobSocket.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON           | {\"type\":\"send\",                                                  | bad_frame",
            "not an object            | [1,2,3]                                                             | bad_frame",
            "no type                  | {\"id\":\"x\"}                                                        | bad_frame",
            "unknown type             | {\"type\":\"teleport\"}                                               | unknown_type",
            "send without to          | {\"type\":\"send\",\"id\":\"m-1\",\"body\":{\"text\":\"hi\"}}           | invalid",
            "send without body        | {\"type\":\"send\",\"id\":\"m-2\",\"to\":{\"user\":\"u\"}}              | invalid",
            "send with numeric id     | {\"type\":\"send\",\"id\":7,\"to\":{\"user\":\"u\"},\"body\":{\"text\":\"hi\"}} | invalid",
            "text of the wrong type   | {\"type\":\"send\",\"id\":\"m-3\",\"to\":{\"user\":\"u\"},\"body\":{\"text\":42}} | invalid",
            "receipt of a bad status  | {\"type\":\"receipt\",\"status\":\"seen\",\"messageIds\":[\"a\"]}    | invalid",
            "receipt without ids      | {\"type\":\"receipt\",\"status\":\"read\"}                            | invalid",
    })
    void aBadFrameGetsTheNamedErrorAndTheConnectionGoesOn(String description, String frame, String code) {
        int errorsBefore = aliceSocket.frames(ErrorFrame.class).size();

        aliceSocket.sendRaw(frame);

        aliceSocket.awaitFrame(ErrorFrame.class, e -> aliceSocket.frames(ErrorFrame.class).size() > errorsBefore, WAIT);
        ErrorFrame error = aliceSocket.frames(ErrorFrame.class).get(errorsBefore);
        assertThat(error.code()).as(description).isEqualTo(code);
        assertStillSendsAndReceives();
    }

    @Test
    void anErrorAboutASendNamesItsId() {
        aliceSocket.sendRaw("{\"type\":\"send\",\"id\":\"ref-me\",\"to\":{\"user\":\"u\"}}");
        ErrorFrame error = aliceSocket.awaitFrame(ErrorFrame.class, e -> "ref-me".equals(e.ref()), WAIT);
        assertThat(error.code()).isEqualTo("invalid");
    }

    @Test
    void sendingToAUserWhoDoesNotExistIsNotFound() {
        String id = aliceSocket.sendText(UUID.randomUUID().toString(), "anyone there?");
        ErrorFrame error = aliceSocket.awaitFrame(ErrorFrame.class, e -> id.equals(e.ref()), WAIT);
        assertThat(error.code()).isEqualTo("not_found");
        assertStillSendsAndReceives();
    }

    @Test
    void aClientSetFromIsIgnoredTheSenderIsTheAuthenticatedUser() {
        String id = UUID.randomUUID().toString();
        aliceSocket.sendRaw("{\"type\":\"send\",\"id\":\"" + id + "\",\"from\":\"" + bob.userId()
                + "\",\"to\":{\"user\":\"" + bob.userId() + "\"},\"body\":{\"text\":\"it is me, Bob\"}}");
        MessageFrame message = bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
        assertThat(message.from()).isEqualTo(alice.userId());
    }

    @Test
    void aFrameOverSixtyFourKibClosesTheConnectionWith1009() throws Exception {
        try (CourierConnection victim = alice.anotherDevice(client).connect(client)) {
            victim.sendRaw("{\"type\":\"send\",\"id\":\"big\",\"to\":{\"user\":\"" + bob.userId()
                    + "\"},\"body\":{\"text\":\"" + "x".repeat(70 * 1024) + "\"}}");
            assertThat(victim.closeCode().get(30, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        assertStillSendsAndReceives();
    }

    @Test
    void aPingIsAnsweredWithAPong() {
        int pongs = aliceSocket.frames(dev.courier.contracts.frames.PongFrame.class).size();
        aliceSocket.ping();
        aliceSocket.awaitFrame(dev.courier.contracts.frames.PongFrame.class,
                p -> aliceSocket.frames(dev.courier.contracts.frames.PongFrame.class).size() > pongs, WAIT);
    }

    private static void assertStillSendsAndReceives() {
        assertThat(aliceSocket.isOpen()).isTrue();
        String id = aliceSocket.sendText(bob.userId(), "still here");
        aliceSocket.awaitFrame(ReceiptFrame.class,
                r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT);
        bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
    }
}

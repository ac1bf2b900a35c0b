package dev.courier.system;

import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per message (issue #9): Alice on gateway 1 sends Bob on gateway 2 a message; the logs of every service
 * on its way (the sender's gateway, parser, session, message service, the recipient's gateway) have a line with the
 * same trace id and the message id: every log line shows {@code [traceId,messageId]}, and the shared stack logs each
 * hop ({@code courier.trace} at DEBUG).
 */
@Order(8)
class TracingSystemTest extends SharedStackSystemTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void oneMessageIsOneTraceFromTheSendersGatewayToTheRecipientsAndBack() {
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        String id;
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2)) {
            // A message sent while Bob's new device is not yet ready in message-service reaches him by the flush
            // on connect, in the flush's own trace. Once Alice hears "delivered" for a first message, Bob's device
            // is ready, and the traced message takes the live path.
            String first = aliceSocket.sendText(bob.userId(), "hello");
            aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.DELIVERED && r.messageId().equals(first), WAIT);
            id = aliceSocket.sendText(bob.userId(), "traced");
            bobSocket.awaitFrame(MessageFrame.class, m -> m.id().equals(id), WAIT);
            aliceSocket.awaitFrame(ReceiptFrame.class,
                    r -> r.status() == ReceiptStatus.SENT && r.messageId().equals(id), WAIT);
        }

        // The trace begins where Alice's frame came in (logs flush asynchronously).
        Pattern received = Pattern.compile("\\[([0-9a-f]{32})," + Pattern.quote(id) + "\\].*frame received");
        String traceId = await().atMost(WAIT).until(() -> find("gateway-1", received), Optional::isPresent)
                .orElseThrow();
        assertThat(traceId).isNotEqualTo("0".repeat(32));

        String tag = "[" + traceId + "," + id + "]";
        for (String service : List.of("gateway-1", "parser-service", "session-service", "message-service",
                "gateway-2")) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(lines(service))
                    .as("a line of %s with %s", service, tag)
                    .anyMatch(line -> line.contains(tag)));
        }
        // The sent receipt went back to Alice's gateway in the same trace.
        await().atMost(WAIT).untilAsserted(() -> assertThat(lines("gateway-1"))
                .anyMatch(line -> line.contains(tag) && line.contains("FrameOutbound")));
    }

    private static Optional<String> find(String service, Pattern pattern) {
        for (String line : lines(service)) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    private static List<String> lines(String service) {
        Path log = stack.process(service).logFile();
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost when a process dies mid-stream: Alice streams 200 messages to Bob while message-service is killed
 * (SIGKILL) and restarted, and then the gateway holding Bob is killed and Bob reconnects to the other one.
 */
@Isolated
@Order(9)
class FaultToleranceSystemTest {

    private static final Logger log = LoggerFactory.getLogger(FaultToleranceSystemTest.class);
    static final int MESSAGES = 200;

    @Test
    void aStreamOfTwoHundredSurvivesAMessageServiceCrashAndTheLossOfBobsGateway() throws Exception {
        CourierStack stack = SystemStack.shared();
        CourierClient gateway1 = new CourierClient(stack.gatewayUrl(1));
        CourierClient gateway2 = new CourierClient(stack.gatewayUrl(2));
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");

        List<CourierConnection> bobsConnections = new CopyOnWriteArrayList<>();
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            bobsConnections.add(bob.connect(gateway2));
            List<String> sentOrder = new ArrayList<>();

            for (int i = 1; i <= MESSAGES; i++) {
                sentOrder.add(aliceSocket.sendText(bob.userId(), "stream " + i));
                if (i == 50) {
                    log.info("Killing message-service after {} sends", i);
                    stack.process("message-service").kill();
                }
                if (i == 90) {
                    long restarting = System.nanoTime();
                    stack.restart("message-service");
                    log.info("message-service back after {} ms", (System.nanoTime() - restarting) / 1_000_000);
                }
                if (i == 140) {
                    log.info("Killing gateway-2, which holds Bob, after {} sends", i);
                    stack.process("gateway-2").kill();
                    await().atMost(Duration.ofSeconds(30)).until(() -> !bobsConnections.getLast().isOpen());
                    bobsConnections.add(bob.connect(gateway1));
                }
                Thread.onSpinWait();
            }

            long recovering = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sentSeqs(aliceSocket).size() == MESSAGES && bobsMessages(bobsConnections).size() == MESSAGES);
            log.info("All {} sent receipts and deliveries {} ms after the last send", MESSAGES,
                    (System.nanoTime() - recovering) / 1_000_000);

            Map<String, Long> sent = sentSeqs(aliceSocket);
            assertThat(sent.keySet()).containsExactlyInAnyOrderElementsOf(sentOrder);
            assertThat(sentOrder.stream().map(sent::get).toList())
                    .as("seq follows Alice's send order, 1 to 200 with no gaps")
                    .containsExactlyElementsOf(OneToOneChatSystemTest.sequence(1, MESSAGES));

            Map<String, MessageFrame> received = bobsMessages(bobsConnections);
            List<MessageFrame> bySeq = received.values().stream().sorted(Comparator.comparingLong(MessageFrame::seq)).toList();
            assertThat(bySeq).extracting(MessageFrame::id).as("Bob has every id, in seq order")
                    .containsExactlyElementsOf(sentOrder);
            received.values().forEach(m -> assertThat(m.seq()).isEqualTo(sent.get(m.id())));

            DeliveryRecorder recorder = new DeliveryRecorder().sent(alice, sentOrder, bob)
                    .device(alice, "phone", aliceSocket);
            bobsConnections.forEach(connection -> recorder.device(bob, "phone", connection));
            recorder.assertClean();
        } finally {
            bobsConnections.forEach(CourierConnection::close);
            stack.restart("gateway-2");
        }
    }

    private static Map<String, Long> sentSeqs(CourierConnection socket) {
        Map<String, Long> seqs = new LinkedHashMap<>();
        for (ReceiptFrame receipt : socket.frames(ReceiptFrame.class)) {
            if (receipt.status() == ReceiptStatus.SENT) {
                seqs.putIfAbsent(receipt.messageId(), receipt.seq());
            }
        }
        return seqs;
    }

    private static Map<String, MessageFrame> bobsMessages(List<CourierConnection> connections) {
        Map<String, MessageFrame> byId = new LinkedHashMap<>();
        for (CourierConnection connection : connections) {
            connection.distinctMessages().forEach(m -> byId.putIfAbsent(m.id(), m));
        }
        return byId;
    }
}

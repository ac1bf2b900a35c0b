package dev.courier.system;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.stack.CourierStack;
import dev.courier.stack.ServiceProcess;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator relies on: the Prometheus endpoints show delivery latency, connections and consumer lag with
 * values that match the traffic just sent, and a gateway stopped gracefully in the middle of a stream hands its
 * clients over to the other gateway without losing a message.
 */
@Isolated
@Order(8)
class OperationsSystemTest {

    private static final Logger log = LoggerFactory.getLogger(OperationsSystemTest.class);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheusShowsTheLatencyHistogramConnectionsAndConsumerLagAfterABurst() throws Exception {
        CourierStack stack = SystemStack.shared();
        CourierClient gateway1 = new CourierClient(stack.gatewayUrl(1));
        CourierClient gateway2 = new CourierClient(stack.gatewayUrl(2));
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway2, "Bob");
        double deliveredBefore = sample(stack.process("message-service"), "courier_delivery_latency_seconds_count")
                .orElse(0);

        int burst = 100;
        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2).autoAckDelivered(true)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                ids.add(aliceSocket.sendText(bob.userId(), "burst " + i));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> aliceSocket.frames(ReceiptFrame.class).stream()
                    .filter(receipt -> receipt.status() == ReceiptStatus.DELIVERED)
                    .map(ReceiptFrame::messageId).distinct().count() == burst);
            new DeliveryRecorder().sent(alice, ids, bob).device(alice, "phone", aliceSocket)
                    .device(bob, "phone", bobSocket).awaitClean(Duration.ofMinutes(1));

            ServiceProcess messageService = stack.process("message-service");
            // The histogram counts each acknowledged delivery once: the burst is in it, with buckets to graph.
            await().atMost(Duration.ofSeconds(30)).until(() -> sample(messageService,
                    "courier_delivery_latency_seconds_count").orElse(0) >= deliveredBefore + burst);
            String messageMetrics = scrape(messageService);
            assertThat(messageMetrics).contains("courier_delivery_latency_seconds_bucket{");
            double sum = sample(messageService, "courier_delivery_latency_seconds_sum").orElseThrow();
            double count = sample(messageService, "courier_delivery_latency_seconds_count").orElseThrow();
            assertThat(sum / count).as("mean send-to-deliver seconds").isPositive().isLessThan(30);

            // Each gateway counts the sockets it holds now: Alice on one, Bob on the other.
            assertThat(sample(stack.process("gateway-1"), "courier_gateway_connections").orElseThrow())
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(stack.process("gateway-2"), "courier_gateway_connections").orElseThrow())
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(stack.process("gateway-1"), "courier_gateway_frames_in_total").orElseThrow())
                    .isGreaterThanOrEqualTo(burst);

            // Consumer lag of every Kafka consumer, exported by the Kafka client metrics: present, and small once
            // the burst is through (every record above was consumed for the receipts to arrive).
            for (String service : List.of("message-service", "session-service", "parser-service")) {
                Map<String, Double> lags = series(scrape(stack.process(service)),
                        "kafka_consumer_fetch_manager_records_lag_max");
                List<Double> measured = lags.values().stream().filter(Double::isFinite).toList();
                // NaN until a consumer has fetched from a partition; every service here has fetched by now.
                assertThat(measured).as("measured consumer lag of %s: %s", service, lags).isNotEmpty()
                        .allSatisfy(lag -> assertThat(lag).isBetween(0.0, 1000.0));
            }
            assertThat(ids).hasSize(burst);
        }
    }

    @Test
    void aGatewayStoppedGracefullyMidStreamHandsItsClientsToTheOtherAndNothingIsLost() throws Exception {
        CourierStack stack = SystemStack.shared();
        CourierClient gateway1 = new CourierClient(stack.gatewayUrl(1));
        CourierClient gateway2 = new CourierClient(stack.gatewayUrl(2));
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        int messages = 120;

        List<CourierConnection> bobsSockets = new CopyOnWriteArrayList<>();
        try (CourierConnection aliceSocket = alice.connect(gateway1)) {
            bobsSockets.add(bob.connect(gateway2).autoAckDelivered(true));
            List<String> sent = new ArrayList<>();
            Integer drainCode = null;
            CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);
            for (int i = 1; i <= messages; i++) {
                sent.add(aliceSocket.sendText(bob.userId(), "drain " + i));
                if (i == 40) {
                    long stopping = System.nanoTime();
                    // SIGTERM: the gateway drains (close 1012 to every client) and flushes before it exits, while
                    // Alice keeps sending.
                    stopped = CompletableFuture.runAsync(() -> stack.process("gateway-2").stop());
                    drainCode = bobsSockets.getFirst().closeCode().get(30, TimeUnit.SECONDS);
                    bobsSockets.add(bob.connect(gateway1).autoAckDelivered(true));
                    log.info("gateway-2 drained Bob with {} and he is back on gateway-1 after {} ms", drainCode,
                            (System.nanoTime() - stopping) / 1_000_000);
                }
            }
            assertThat(drainCode).as("close code of the drained socket: service restart").isEqualTo(1012);
            stopped.get(1, TimeUnit.MINUTES);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> received(bobsSockets).size() == messages);
            Map<String, MessageFrame> byId = received(bobsSockets);
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            List<Long> seqs = sent.stream().map(id -> byId.get(id).seq()).toList();
            assertThat(seqs).containsExactlyElementsOf(OneToOneChatSystemTest.sequence(1, messages));
            await().atMost(Duration.ofMinutes(1)).until(() -> aliceSocket.frames(ReceiptFrame.class).stream()
                    .filter(receipt -> receipt.status() == ReceiptStatus.DELIVERED)
                    .map(ReceiptFrame::messageId).collect(Collectors.toSet()).containsAll(sent));
            // Bob's two sockets are one device: what the drained one got and the flush resent count once.
            DeliveryRecorder recorder = new DeliveryRecorder().sent(alice, sent, bob).device(alice, "phone", aliceSocket);
            bobsSockets.forEach(socket -> recorder.device(bob, "phone", socket));
            recorder.awaitClean(Duration.ofMinutes(1));
        } finally {
            bobsSockets.forEach(CourierConnection::close);
            stack.restart("gateway-2");
        }
    }

    /** Bob's messages over all his sockets, one per id (clients drop redeliveries by id). */
    private static Map<String, MessageFrame> received(List<CourierConnection> sockets) {
        return sockets.stream().flatMap(socket -> socket.distinctMessages().stream())
                .collect(Collectors.toMap(MessageFrame::id, frame -> frame, (first, again) -> first));
    }

    private static String scrape(ServiceProcess process) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(process.managementUrl() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/actuator/prometheus of %s", process.name()).isEqualTo(200);
        return response.body();
    }

    /** The sum of a metric's samples over all its label sets, if it has any. */
    private static OptionalDouble sample(ServiceProcess process, String metric) throws Exception {
        Map<String, Double> samples = series(scrape(process), metric);
        return samples.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(samples.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** Samples of one metric in the Prometheus text format, by their label set. */
    static Map<String, Double> series(String exposition, String metric) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        Map<String, Double> samples = new java.util.LinkedHashMap<>();
        while (matcher.find()) {
            String value = matcher.group(2);
            samples.put(matcher.group(1) == null ? "" : matcher.group(1),
                    value.equals("NaN") ? Double.NaN : Double.parseDouble(value));
        }
        return samples;
    }
}

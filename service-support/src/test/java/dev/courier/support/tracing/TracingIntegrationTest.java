package dev.courier.support.tracing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.infra.EmbeddedKafkaServer;
import dev.courier.support.kafka.EventPublisher;
import dev.courier.support.kafka.EventPublisher.Outgoing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real broker: a consumed record's trace reaches the records its handling produces, through a batch listener's
 * {@code EventPublisher.Batch.send(record, …)} and through a record listener's plain {@code KafkaTemplate} send, and
 * the trace id and message id are in the MDC while the record is handled. (testkit's RealInfrastructure would make
 * a dependency cycle here, testkit depending on service-support: the broker comes from embedded-infra directly.)
 */
@SpringBootTest(classes = TracingIntegrationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.kafka.consumer.group-id=tracing-test", "logging.level.courier.trace=DEBUG"})
class TracingIntegrationTest {

    private static EmbeddedKafkaServer broker;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) throws Exception {
        broker = EmbeddedKafkaServer.start(Files.createTempDirectory("tracing-kafka"), 0);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    /**
     * The broker stops when the JVM exits, after this class's context (which Spring keeps for later classes until
     * then): Kafka clients whose broker is gone would wait out a 30-second close.
     */
    @BeforeAll
    static void stopBrokerAfter(@Autowired ConfigurableApplicationContext context) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            broker.close();
        }, "tracing-test-broker-stop"));
    }

    @Autowired
    KafkaTemplate<String, CourierEvent> kafka;

    @Autowired
    KafkaTracing tracing;

    @Autowired
    Listeners listeners;

    /** Flags 00: not sampled (the ids passed on as they are); 01: sampled (a span per record, through the tracer). */
    @ParameterizedTest
    @ValueSource(strings = {"00", "01"})
    void aBatchListenersSendCarriesTheTraceOfTheRecordThatCausedIt(String flags) {
        String traceId = randomHex(32);
        String messageId = UUID.randomUUID().toString();
        String parentSpanId = randomHex(16);
        send(Listeners.BATCH_IN, frame(messageId), "00-" + traceId + "-" + parentSpanId + "-" + flags, null);

        Header traceparent = awaitOutput(messageId).headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(traceIdOf(traceparent)).isEqualTo(traceId);
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).endsWith("-" + flags);
        assertThat(listeners.mdcTraceIds.get(messageId)).isEqualTo(traceId);
    }

    @Test
    void aBatchListenerThatSendsAtTheEndOfItsBatchKeepsEachMessagesTrace() {
        String firstTrace = randomHex(32);
        String secondTrace = randomHex(32);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        send(Listeners.DEFERRED_IN, frame(first), traceparent(firstTrace), null);
        send(Listeners.DEFERRED_IN, frame(second), traceparent(secondTrace), null);

        assertThat(traceIdOf(awaitOutput(first).headers().lastHeader("traceparent"))).isEqualTo(firstTrace);
        assertThat(traceIdOf(awaitOutput(second).headers().lastHeader("traceparent"))).isEqualTo(secondTrace);
        assertThat(listeners.mdcTraceIds).containsEntry(first, firstTrace).containsEntry(second, secondTrace);
    }

    @Test
    void aRecordListenersSendCarriesTheTraceAndTheMessageIdOfItsRecord() {
        String traceId = randomHex(32);
        String messageId = UUID.randomUUID().toString();
        // No message id in the event: it comes from the header, goes to the MDC and on to the record produced.
        String marker = UUID.randomUUID().toString();
        send(Listeners.RECORD_IN, frameAbout(null, marker), traceparent(traceId), messageId);

        ConsumerRecord<String, CourierEvent> out = awaitOutput(marker);
        assertThat(traceIdOf(out.headers().lastHeader("traceparent"))).isEqualTo(traceId);
        assertThat(new String(out.headers().lastHeader(MessageIds.HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(messageId);
        assertThat(listeners.mdcTraceIds.get(messageId)).isEqualTo(traceId);
    }

    @Test
    void aTraceStartedWhereAMessageEntersFollowsItThroughTheListeners() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String traceId;
        try (var scope = tracing.start("frame received", messageId)) {
            traceId = MDC.get("traceId");
            assertThat(MDC.get(MessageIds.MDC_KEY)).isEqualTo(messageId);
            kafka.send(Listeners.BATCH_IN, "k", frame(messageId)).get();
        }
        assertThat(traceId).hasSize(32);
        assertThat(MDC.get(MessageIds.MDC_KEY)).isNull();

        assertThat(traceIdOf(awaitOutput(messageId).headers().lastHeader("traceparent"))).isEqualTo(traceId);
    }

    private ConsumerRecord<String, CourierEvent> awaitOutput(String key) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> listeners.outputs.get(key), out -> out != null);
    }

    private void send(String topic, FrameOutbound event, String traceparent, String messageIdHeader) {
        var record = new ProducerRecord<String, CourierEvent>(topic, "k", event);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        if (messageIdHeader != null) {
            record.headers().add(MessageIds.HEADER, messageIdHeader.getBytes(StandardCharsets.UTF_8));
        }
        kafka.send(record).join();
    }

    private static FrameOutbound frame(String messageId) {
        return frameAbout(messageId, messageId);
    }

    private static FrameOutbound frameAbout(String ackableMessageId, String text) {
        return new FrameOutbound(UUID.randomUUID(), Instant.now(), new DeviceSession("u", "d", "s", "gw"), text,
                ackableMessageId);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + randomHex(16) + "-00";
    }

    private static String traceIdOf(Header traceparent) {
        return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    private static String randomHex(int length) {
        String hex = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        return hex.substring(0, length);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }

    static class Listeners {

        static final String BATCH_IN = "tracing-test.batch-in";
        static final String RECORD_IN = "tracing-test.record-in";
        static final String DEFERRED_IN = "tracing-test.deferred-in";
        static final String OUT = "tracing-test.out";

        final Map<String, String> mdcTraceIds = new ConcurrentHashMap<>();
        /** By the frame's text. */
        final Map<String, ConsumerRecord<String, CourierEvent>> outputs = new ConcurrentHashMap<>();

        private final EventPublisher publisher;
        private final KafkaTemplate<String, CourierEvent> kafka;
        private final KafkaTracing tracing;

        Listeners(EventPublisher publisher, KafkaTemplate<String, CourierEvent> kafka, KafkaTracing tracing) {
            this.publisher = publisher;
            this.kafka = kafka;
            this.tracing = tracing;
        }

        @KafkaListener(id = "tracing-test-batch", topics = BATCH_IN, batch = "true")
        void batch(List<ConsumerRecord<String, CourierEvent>> records) {
            EventPublisher.Batch batch = publisher.batch();
            for (ConsumerRecord<String, CourierEvent> record : records) {
                batch.send(record, new Outgoing(OUT, record.key(), record.value()));
                seen();
            }
            batch.await();
        }

        /**
         * Enters each record (for its log lines), collects, then sends everything once the batch is read, with the
         * plain template, while the last record is still entered.
         */
        @KafkaListener(id = "tracing-test-deferred", topics = DEFERRED_IN, batch = "true")
        void deferred(List<ConsumerRecord<String, CourierEvent>> records) {
            List<CourierEvent> collected = new java.util.ArrayList<>();
            for (ConsumerRecord<String, CourierEvent> record : records) {
                tracing.enter(record);
                seen();
                collected.add(record.value());
            }
            collected.stream().map(event -> kafka.send(OUT, "k", event)).toList().forEach(send -> send.join());
            tracing.exit();
        }

        @KafkaListener(id = "tracing-test-record", topics = RECORD_IN)
        void record(CourierEvent event) {
            seen();
            kafka.send(OUT, "k", event).join();
        }

        @KafkaListener(id = "tracing-test-out", topics = OUT)
        void out(ConsumerRecord<String, CourierEvent> record) {
            if (record.value() instanceof FrameOutbound frame) {
                outputs.put(frame.text(), record);
            }
        }

        private void seen() {
            String messageId = MDC.get(MessageIds.MDC_KEY);
            String traceId = MDC.get("traceId");
            if (messageId != null && traceId != null) {
                mdcTraceIds.put(messageId, traceId);
            }
        }
    }
}

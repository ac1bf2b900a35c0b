package dev.courier.parser;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeliveriesAcknowledged;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.Recipient;
import dev.courier.testkit.RealInfrastructure;
import dev.courier.testkit.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParserIntegrationTest implements RealInfrastructure {

    private final String gatewayId = "gw-" + UUID.randomUUID();
    private TopicProbe probe;

    @Autowired
    KafkaTemplate<String, CourierEvent> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @BeforeAll
    void openProbe() {
        probe = new TopicProbe(Topics.COMMANDS, Topics.gatewayOutbound(gatewayId));
    }

    @AfterAll
    void closeProbe() {
        probe.close();
    }

    private DeviceSession newSession() {
        return new DeviceSession("u-" + UUID.randomUUID(), "phone", "s-" + UUID.randomUUID(), gatewayId);
    }

    private void receive(DeviceSession session, String text) {
        kafka.send(Topics.FRAMES_INBOUND, session.userId(),
                new FrameReceived(UUID.randomUUID(), Instant.now(), session, text)).join();
    }

    @Test
    void aValidSendBecomesSendRequestedKeyedByTheUser() {
        DeviceSession session = newSession();
        receive(session, "{\"type\":\"send\",\"id\":\"m-1\",\"from\":\"mallory\",\"to\":{\"user\":\"bob\"},"
                + "\"body\":{\"text\":\"hi\"}}");

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof SendRequested send && send.session().equals(session));
        SendRequested send = (SendRequested) record.value();
        assertThat(record.key()).isEqualTo(session.userId());
        assertThat(send.messageId()).isEqualTo("m-1");
        assertThat(send.to()).isEqualTo(Recipient.user("bob"));
        assertThat(send.body()).isEqualTo(MessageBody.text("hi"));
    }

    @Test
    void malformedJsonIsAnsweredWithAnErrorOnTheGatewayTopic() {
        DeviceSession session = newSession();
        receive(session, "{not json");

        ConsumerRecord<String, CourierEvent> record = probe.awaitRecord(r ->
                r.value() instanceof FrameOutbound out && out.target().equals(session));
        FrameOutbound outbound = (FrameOutbound) record.value();
        assertThat(record.topic()).isEqualTo(Topics.gatewayOutbound(gatewayId));
        assertThat(record.key()).isEqualTo(session.sessionId());
        assertThat(outbound.text()).startsWith("{\"type\":\"error\",\"code\":\"bad_frame\"");
        assertThat(outbound.ackableMessageId()).isNull();
    }

    @Test
    void aReceiptIsACommandAndNothingGoesBackToTheGateway() {
        DeviceSession session = newSession();
        receive(session, "{\"type\":\"receipt\",\"status\":\"delivered\",\"messageIds\":[\"m-5\",\"m-6\"]}");

        var command = probe.awaitRecord(r -> r.value() instanceof ReceiptRequested receipt
                && receipt.session().equals(session));
        assertThat(((ReceiptRequested) command.value()).messageIds()).containsExactly("m-5", "m-6");
        // The gateway empties its in-flight store from the client's frame itself: no record comes back for it.
        receive(session, "{\"type\":\"ping\"}");
        probe.awaitRecord(r -> r.value() instanceof FrameOutbound out && out.target().equals(session));
        assertThat(probe.records()).noneMatch(r -> r.value() instanceof DeliveriesAcknowledged);
    }

    @Test
    void aPingIsAnsweredWithAPong() {
        DeviceSession session = newSession();
        receive(session, "{\"type\":\"ping\"}");

        var record = probe.awaitRecord(r -> r.value() instanceof FrameOutbound out && out.target().equals(session));
        assertThat(((FrameOutbound) record.value()).text()).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void aRoutedMessageBecomesAckableWireTextForTheTargetSocket() {
        DeviceSession target = newSession();
        MessageFrame message = new MessageFrame("m-9", "c-1", "alice", Recipient.user(target.userId()), 4, 1000,
                MessageBody.text("hello"), null);
        kafka.send(Topics.DELIVERIES, target.userId(),
                new FrameRouted(UUID.randomUUID(), Instant.now(), target, message)).join();

        var record = probe.awaitRecord(r -> r.value() instanceof FrameOutbound out && out.target().equals(target));
        FrameOutbound outbound = (FrameOutbound) record.value();
        assertThat(record.key()).isEqualTo(target.sessionId());
        assertThat(outbound.ackableMessageId()).isEqualTo("m-9");
        assertThat(outbound.text()).startsWith("{\"type\":\"message\",\"id\":\"m-9\"").contains("\"seq\":4");
        assertThat(List.of(outbound.text())).noneMatch(t -> t.contains("@event"));
    }

    /**
     * Frames are consumed in batches; a record that cannot be read in the middle of a batch is dead-lettered on its
     * own (after the bounded retries) while the frames before and after it still go through, in order.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anUnreadableRecordInTheMiddleOfABatchIsDeadLetteredAndTheOthersGoThrough() {
        DeviceSession session = newSession();
        byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var sends = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < 5; i++) {
            sends.add(kafka.send(Topics.FRAMES_INBOUND, session.userId(), new FrameReceived(UUID.randomUUID(),
                    Instant.now(), session, "{\"type\":\"send\",\"id\":\"before-" + i + "\",\"to\":{\"user\":\"bob\"},"
                    + "\"body\":{\"text\":\"hi\"}}")));
        }
        sends.add(((KafkaTemplate) kafka).send(Topics.FRAMES_INBOUND, session.userId(), garbage));
        for (int i = 0; i < 5; i++) {
            sends.add(kafka.send(Topics.FRAMES_INBOUND, session.userId(), new FrameReceived(UUID.randomUUID(),
                    Instant.now(), session, "{\"type\":\"send\",\"id\":\"after-" + i + "\",\"to\":{\"user\":\"bob\"},"
                    + "\"body\":{\"text\":\"hi\"}}")));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();

        List<String> ids = new ArrayList<>();
        for (String id : List.of("before-0", "before-1", "before-2", "before-3", "before-4",
                "after-0", "after-1", "after-2", "after-3", "after-4")) {
            var record = probe.awaitRecord(r -> r.value() instanceof SendRequested send
                    && send.session().equals(session) && send.messageId().equals(id));
            ids.add(((SendRequested) record.value()).messageId());
        }
        assertThat(ids).hasSize(10);

        try (var deadLetters = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            deadLetters.subscribe(List.of(Topics.FRAMES_INBOUND + Topics.DEAD_LETTER_SUFFIX));
            List<byte[]> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(value -> Arrays.equals(value, garbage));
            });
        }
    }
}

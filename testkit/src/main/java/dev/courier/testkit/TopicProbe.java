package dev.courier.testkit;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.support.kafka.CourierEventDeserializer;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/**
 * Reads Courier events from topics, from their beginning as a new consumer group would, and waits for a record that
 * matches: how an integration test sees what a service published. Tests use
 * unique ids, so records of earlier tests on the same topics are simply skipped.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, CourierEvent> consumer;
    private final List<ConsumerRecord<String, CourierEvent>> seen = new ArrayList<>();

    public TopicProbe(String... topics) {
        String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
        createIfMissing(bootstrap, topics);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new CourierEventDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            // A topic just created may not be in the metadata yet: wait until its partitions are known.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .until(() -> consumer.partitionsFor(topic), found -> !found.isEmpty())
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public ConsumerRecord<String, CourierEvent> awaitRecord(Predicate<ConsumerRecord<String, CourierEvent>> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(match).findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    /** Every record read so far (the ones {@link #awaitRecord} looked at), in the order read. */
    public List<ConsumerRecord<String, CourierEvent>> records() {
        return List.copyOf(seen);
    }

    private static void createIfMissing(String bootstrap, String... topics) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

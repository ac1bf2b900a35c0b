package dev.courier.message;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierEventDeserializer;
import dev.courier.testkit.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** What message-service published on {@code courier.media}, read up to the end of the topic. */
final class MediaTopic {

    private MediaTopic() {
    }

    /** Every {@code MediaReleased} on the topic so far (all of it, up to the end offsets of now). */
    static List<MediaReleased> released() {
        try (var consumer = new KafkaConsumer<String, CourierEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers()),
                new StringDeserializer(), new CourierEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEDIA).stream()
                    .map(p -> new TopicPartition(Topics.MEDIA, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<MediaReleased> released = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() instanceof MediaReleased event) {
                        released.add(event);
                    }
                });
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return released;
        }
    }
}

package dev.courier.lastseen.presence;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which users this instance owns: those whose key falls in a partition of {@code courier.sessions} assigned to
 * its presence listener (with the range assignor the same partition of {@code courier.commands} comes with it).
 * The owner keeps the user's hot state; anyone else answers from the database.
 */
@Component
public class Ownership {

    private final Set<Integer> partitions = ConcurrentHashMap.newKeySet();
    private final KafkaTemplate<String, CourierEvent> kafka;
    private volatile int partitionCount;

    Ownership(KafkaTemplate<String, CourierEvent> kafka) {
        this.kafka = kafka;
    }

    public void assigned(Collection<TopicPartition> assigned) {
        assigned.stream().filter(p -> p.topic().equals(Topics.SESSIONS)).forEach(p -> partitions.add(p.partition()));
        partitionCount();
    }

    /** Forgets the revoked partitions; returns their numbers. */
    public Set<Integer> revoked(Collection<TopicPartition> revoked) {
        Set<Integer> gone = ConcurrentHashMap.newKeySet();
        revoked.stream().filter(p -> p.topic().equals(Topics.SESSIONS)).forEach(p -> {
            partitions.remove(p.partition());
            gone.add(p.partition());
        });
        return gone;
    }

    public boolean owns(String userId) {
        return !partitions.isEmpty() && partitions.contains(partitionOf(userId));
    }

    /** The partition Kafka's default partitioner gives a record keyed by this user id. */
    int partitionOf(String userId) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitionCount();
    }

    private int partitionCount() {
        if (partitionCount == 0) {
            partitionCount = kafka.partitionsFor(Topics.SESSIONS).size();
        }
        return partitionCount;
    }
}

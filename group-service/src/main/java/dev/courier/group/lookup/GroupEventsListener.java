package dev.courier.group.lookup;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.Topics;
import dev.courier.group.GroupProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * Evicts a group from this instance's {@link MemberCache} on each of its membership events ({@code GroupCreated},
 * {@code MemberAdded}, {@code MemberRemoved} on {@link Topics#GROUPS}, keyed by group id). Every instance reads
 * every event, so each has its own consumer group, {@code group-service-<instance-id>}.
 * <p>
 * Past events do not matter to a cache that starts empty, so on assignment the consumer skips to the end of each
 * partition, and resolves that position at once, before the cache opens: any change that a later load might miss
 * has its event after that position. (Boot hands this rebalance listener to the service's one listener container.)
 */
@Component
class GroupEventsListener implements ConsumerAwareRebalanceListener {

    static final String LISTENER_ID = "group-cache-evictions";
    private static final Logger log = LoggerFactory.getLogger(GroupEventsListener.class);

    private final MemberCache cache;
    private final String consumerGroup;

    GroupEventsListener(MemberCache cache, GroupProperties properties) {
        this.cache = cache;
        this.consumerGroup = "group-service-" + properties.instanceId();
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, groupId = "#{__listener.consumerGroup()}",
            topics = Topics.GROUPS)
    void on(ConsumerRecord<String, CourierEvent> record) {
        cache.evict(record.key());
        if (record.value() != null) {
            log.debug("Evicted group {} from the cache on {} {}", record.key(),
                    record.value().getClass().getSimpleName(), record.value().eventId());
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        cache.open();
        log.info("Member cache open: {} listens to {} partition(s) of {} from their end", consumerGroup,
                partitions.size(), Topics.GROUPS);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            cache.close();
            log.info("Member cache closed: {} lost its partitions", consumerGroup);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedBeforeCommit(consumer, partitions);
    }
}

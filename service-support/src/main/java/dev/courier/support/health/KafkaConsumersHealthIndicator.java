package dev.courier.support.health;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code kafkaConsumers}: DOWN until every listener container of the service is running and each of its consumers
 * has been through a partition assignment at least once. Part of the readiness group (see
 * {@code CourierDefaultsEnvironmentPostProcessor}), so an instance takes no traffic before it consumes.
 * <p>
 * "Assigned" means the assignment callback ran, even with no partitions: a consumer that joined a group with more
 * members than partitions is idle by design, and still ready. Containers that do not start automatically count
 * only while running. The callback comes from a rebalance listener wrapped around the container's own (if any,
 * which is still called), installed before the listener registry starts the containers. Containers with explicit
 * partitions need no assignment.
 */
public class KafkaConsumersHealthIndicator implements HealthIndicator, SmartLifecycle {

    /** Before the listener registry ({@code Integer.MAX_VALUE - 100}) starts the containers. */
    static final int PHASE = Integer.MAX_VALUE - 200;

    private final Supplier<Collection<MessageListenerContainer>> containers;
    private final Map<MessageListenerContainer, Set<Object>> assignedConsumers = new ConcurrentHashMap<>();
    private volatile boolean running;

    /** {@code containers}: the service's listener containers, e.g. from {@link KafkaListenerEndpointRegistry}. */
    public KafkaConsumersHealthIndicator(Supplier<Collection<MessageListenerContainer>> containers) {
        this.containers = containers;
    }

    @Override
    public void start() {
        for (MessageListenerContainer container : containers.get()) {
            assignedConsumers.computeIfAbsent(container, this::track);
        }
        running = true;
    }

    private Set<Object> track(MessageListenerContainer container) {
        Set<Object> consumers = ConcurrentHashMap.newKeySet();
        ContainerProperties properties = container.getContainerProperties();
        properties.setConsumerRebalanceListener(
                new AssignmentRecorder(properties.getConsumerRebalanceListener(), consumers::add));
        return consumers;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean ready = true;
        for (MessageListenerContainer container : containers.get()) {
            String state = state(container);
            ready &= state.startsWith("ready") || state.startsWith("ignored");
            states.put(name(container), state);
        }
        return (ready ? Health.up() : Health.down()).withDetails(states).build();
    }

    private String state(MessageListenerContainer container) {
        if (!container.isRunning()) {
            return container.isAutoStartup() ? "not running" : "ignored (not started automatically)";
        }
        var explicit = container.getContainerProperties().getTopicPartitions();
        if (explicit != null && explicit.length > 0) {
            return "ready (explicit partitions)";
        }
        Set<Object> assigned = assignedConsumers.get(container);
        if (assigned == null) {
            // Registered after start-up: no callback to go by.
            Collection<TopicPartition> partitions = container.getAssignedPartitions();
            return partitions != null && !partitions.isEmpty() ? "ready" : "waiting for partition assignment";
        }
        int expected = container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                ? Math.max(1, concurrent.getContainers().size())
                : 1;
        if (assigned.size() >= expected) {
            Collection<TopicPartition> partitions = container.getAssignedPartitions();
            return "ready (" + (partitions == null ? 0 : partitions.size()) + " partition(s))";
        }
        return "waiting for partition assignment (" + assigned.size() + " of " + expected + " consumer(s))";
    }

    private static String name(MessageListenerContainer container) {
        String id = container.getListenerId();
        return id != null ? id : container.toString();
    }

    /** Notes each consumer that went through an assignment, then hands every callback to the container's own listener. */
    static final class AssignmentRecorder implements ConsumerAwareRebalanceListener {

        private final ConsumerRebalanceListener delegate;
        private final java.util.function.Consumer<Object> assigned;

        AssignmentRecorder(ConsumerRebalanceListener delegate, java.util.function.Consumer<Object> assigned) {
            this.delegate = delegate;
            this.assigned = assigned;
        }

        @Override
        public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
            } else if (delegate != null) {
                delegate.onPartitionsRevoked(partitions);
            }
        }

        @Override
        public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                aware.onPartitionsRevokedAfterCommit(consumer, partitions);
            }
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                aware.onPartitionsLost(consumer, partitions);
            } else if (delegate != null) {
                delegate.onPartitionsLost(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            try {
                if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                    aware.onPartitionsAssigned(consumer, partitions);
                } else if (delegate != null) {
                    delegate.onPartitionsAssigned(partitions);
                }
            } finally {
                assigned.accept(consumer);
            }
        }
    }
}

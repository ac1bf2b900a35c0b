package dev.courier.support.health;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class KafkaConsumersHealthIndicatorTest {

    private static final TopicPartition P0 = new TopicPartition("courier.sessions", 0);

    @Test
    void isDownUntilTheListenerHasBeenAssignedThenUp() {
        MessageListenerContainer container = container("sessions", true, true);
        var indicator = started(container);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsKey("sessions");

        recorder(container).onPartitionsAssigned(mock(Consumer.class), List.of(P0));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anEmptyAssignmentCountsAsReady() {
        // More consumers than partitions: this one joined the group and got nothing, by design.
        MessageListenerContainer container = container("idle", true, true);
        var indicator = started(container);

        recorder(container).onPartitionsAssigned(mock(Consumer.class), List.of());

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aConcurrentContainerIsReadyOnlyWhenEachOfItsConsumersWasAssigned() {
        @SuppressWarnings("unchecked")
        ConcurrentMessageListenerContainer<Object, Object> container = mock(ConcurrentMessageListenerContainer.class);
        when(container.getListenerId()).thenReturn("commands");
        when(container.isRunning()).thenReturn(true);
        when(container.isAutoStartup()).thenReturn(true);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("courier.commands"));
        when(container.getContainers()).thenReturn(List.of(mock(KafkaMessageListenerContainer.class),
                mock(KafkaMessageListenerContainer.class)));
        var indicator = started(container);
        Consumer<?, ?> first = mock(Consumer.class);

        recorder(container).onPartitionsAssigned(first, List.of(P0));
        recorder(container).onPartitionsAssigned(first, List.of(P0));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

        recorder(container).onPartitionsAssigned(mock(Consumer.class), List.of());
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void everyContainerMustBeReady() {
        MessageListenerContainer a = container("a", true, true);
        MessageListenerContainer b = container("b", true, true);
        var indicator = started(a, b);

        recorder(a).onPartitionsAssigned(mock(Consumer.class), List.of(P0));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails().get("b").toString()).startsWith("waiting");
    }

    @Test
    void aStoppedContainerIsDownUnlessItIsStartedByHand() {
        MessageListenerContainer automatic = container("automatic", false, true);
        MessageListenerContainer manual = container("manual", false, false);

        assertThat(started(automatic).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(started(manual).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aContainerWithExplicitPartitionsNeedsNoAssignment() {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getListenerId()).thenReturn("explicit");
        when(container.isRunning()).thenReturn(true);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties(new TopicPartitionOffset(P0.topic(), P0.partition())));

        assertThat(started(container).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theContainersOwnRebalanceListenerIsStillCalled() {
        MessageListenerContainer container = container("cache", true, true);
        List<String> calls = new ArrayList<>();
        container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, java.util.Collection<TopicPartition> partitions) {
                calls.add("assigned " + partitions.size());
            }

            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer,
                                                        java.util.Collection<TopicPartition> partitions) {
                calls.add("revoked " + partitions.size());
            }
        });
        started(container);

        recorder(container).onPartitionsAssigned(mock(Consumer.class), List.of(P0));
        recorder(container).onPartitionsRevokedBeforeCommit(mock(Consumer.class), List.of(P0));

        assertThat(calls).containsExactly("assigned 1", "revoked 1");
    }

    @Test
    void aPlainRebalanceListenerIsStillCalled() {
        MessageListenerContainer container = container("plain", true, true);
        List<String> calls = new ArrayList<>();
        container.getContainerProperties().setConsumerRebalanceListener(new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                calls.add("revoked");
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                calls.add("assigned");
            }
        });
        started(container);

        recorder(container).onPartitionsAssigned(mock(Consumer.class), List.of(P0));
        recorder(container).onPartitionsRevokedBeforeCommit(mock(Consumer.class), List.of(P0));

        assertThat(calls).containsExactly("assigned", "revoked");
    }

    private static MessageListenerContainer container(String id, boolean running, boolean autoStartup) {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getListenerId()).thenReturn(id);
        when(container.isRunning()).thenReturn(running);
        when(container.isAutoStartup()).thenReturn(autoStartup);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("courier." + id));
        when(container.getAssignedPartitions()).thenReturn(List.of());
        return container;
    }

    private static KafkaConsumersHealthIndicator started(MessageListenerContainer... containers) {
        var indicator = new KafkaConsumersHealthIndicator(() -> List.of(containers));
        indicator.start();
        return indicator;
    }

    private static ConsumerAwareRebalanceListener recorder(MessageListenerContainer container) {
        return (ConsumerAwareRebalanceListener) container.getContainerProperties().getConsumerRebalanceListener();
    }
}

package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The batch-listener loop every listener runs ({@link EventPublisher.Batch#forEach}). */
class EventPublisherTest {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, CourierEvent> kafka = mock(KafkaTemplate.class);
    private final EventPublisher publisher = new EventPublisher(kafka);
    private final List<String> handled = new ArrayList<>();
    private final List<Integer> beforeCommit = new ArrayList<>();

    @BeforeEach
    void brokerAcknowledgesEverySend() {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    @Test
    void everyRecordWithAValueIsHandledInOrderThenTheStepBeforeCommitThenTheSendsAreAwaited() {
        EventPublisher.Batch batch = publisher.batch();
        batch.forEach(List.of(record(0, "a"), record(1, null), record(2, "c")), () -> beforeCommit.add(handled.size()),
                (record, value) -> {
                    handled.add(value);
                    batch.send(record, new EventPublisher.Outgoing("out", value, null));
                });

        assertThat(handled).containsExactly("a", "c");
        assertThat(beforeCommit).containsExactly(2);
        assertThat(batch.size()).isEqualTo(2);
        verify(kafka).flush();
    }

    @Test
    void anUnreadableRecordEndsThePollThereAfterTheRecordsBeforeIt() {
        ConsumerRecord<String, String> unreadable = record(1, null);
        unreadable.headers().add(new RecordHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
                "not json".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> publisher.batch().forEach(List.of(record(0, "a"), unreadable, record(2, "c")),
                () -> beforeCommit.add(handled.size()), (record, value) -> handled.add(value)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class,
                        failed -> assertThat(failed.getRecord()).isSameAs(unreadable));
        assertThat(handled).containsExactly("a");
        assertThat(beforeCommit).containsExactly(1);
    }

    @Test
    void aHandlerThatThrowsEndsThePollAtItsRecordWithItsCause() {
        ConsumerRecord<String, String> failing = record(1, "b");
        EventPublisher.Batch batch = publisher.batch();
        var down = new DependencyUnavailableException("auth-service down", null);

        assertThatThrownBy(() -> batch.forEach(List.of(record(0, "a"), failing, record(2, "c")),
                () -> beforeCommit.add(handled.size()), (record, value) -> {
                    handled.add(value);
                    if (record == failing) {
                        throw down;
                    }
                }))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getRecord()).isSameAs(failing);
                    assertThat(failed).hasCause(down);
                });
        assertThat(handled).containsExactly("a", "b");
        assertThat(beforeCommit).containsExactly(2);
        verify(kafka, never()).flush();
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("in", 0, offset, "key", value);
    }
}

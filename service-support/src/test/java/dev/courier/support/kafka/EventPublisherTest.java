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

/**
 * The batch-listener loops: record by record ({@link EventPublisher.Batch#forEach}) and a whole poll at once
 * ({@link EventPublisher#wholePoll}).
 */
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

    @Test
    void aWholePollIsOneUnitOfWorkOfItsRecords() {
        List<List<String>> units = new ArrayList<>();
        publisher.wholePoll(List.of(record(0, "a"), record(1, "b"), record(2, "c")),
                records -> units.add(records.stream().map(ConsumerRecord::value).toList()));

        assertThat(units).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void aFailedWholePollIsDoneAgainOneRecordAtATimeAndEndsAtTheRecordThatFails() {
        ConsumerRecord<String, String> failing = record(1, "b");
        List<List<String>> units = new ArrayList<>();
        var down = new IllegalStateException("constraint violated");

        assertThatThrownBy(() -> publisher.wholePoll(List.of(record(0, "a"), failing, record(2, "c")), records -> {
            if (records.contains(failing)) {
                throw down;
            }
            units.add(records.stream().map(ConsumerRecord::value).toList());
        })).isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
            assertThat(failed.getRecord()).isSameAs(failing);
            assertThat(failed.getCause()).isSameAs(down);
        });
        assertThat(units).as("the poll failed as a whole; the record before the failing one is done alone")
                .containsExactly(List.of("a"));
    }

    @Test
    void anUnreadableRecordEndsTheWholePollAfterTheRecordsBeforeItAreDone() {
        ConsumerRecord<String, String> unreadable = record(1, null);
        unreadable.headers().add(new RecordHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
                "not json".getBytes(StandardCharsets.UTF_8)));
        List<List<String>> units = new ArrayList<>();

        assertThatThrownBy(() -> publisher.wholePoll(List.of(record(0, "a"), unreadable, record(2, "c")),
                records -> units.add(records.stream().map(ConsumerRecord::value).toList())))
                .isInstanceOfSatisfying(BatchListenerFailedException.class,
                        failed -> assertThat(failed.getRecord()).isSameAs(unreadable));
        assertThat(units).containsExactly(List.of("a"));
    }
}

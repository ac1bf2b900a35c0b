package dev.courier.support.tracing;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Record listeners: each record is handled within its trace ({@link KafkaTracing#enter}). Batch listeners: the
 * batch's records are known while it is handled ({@link KafkaTracing#batchStarted}), and whatever the listener left
 * current is ended after it (records are entered by {@code EventPublisher.Batch.send}, or by the listener).
 */
final class TracingRecordInterceptor implements RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object> {

    private final KafkaTracing tracing;

    TracingRecordInterceptor(KafkaTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                    Consumer<Object, Object> consumer) {
        tracing.enter(record);
        tracing.logHop(record);
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        tracing.exit();
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
                                                     Consumer<Object, Object> consumer) {
        tracing.batchStarted(records);
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        tracing.batchEnded();
    }

    @Override
    public void failure(ConsumerRecords<Object, Object> records, Exception exception,
                        Consumer<Object, Object> consumer) {
        tracing.batchEnded();
    }
}

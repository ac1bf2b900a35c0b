package dev.courier.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.adapter.RecordFilterStrategy;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The record filter of every listener container: drops records without a value (tombstones,
 * and events of a type this build does not know), but keeps the ones whose value could not be read at all, so a
 * batch listener sees them and dead-letters them (a record listener's container does that before any filter).
 */
public class CourierRecordFilter implements RecordFilterStrategy<Object, Object> {

    private static final LogAccessor LOG = new LogAccessor(CourierRecordFilter.class);

    @Override
    public boolean filter(ConsumerRecord<Object, Object> record) {
        return record.value() == null && !unreadable(record);
    }

    /** Whether the value deserializer failed on this record (its value is then null). */
    public static boolean unreadable(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
        return record.value() == null && header != null;
    }

    /** The deserializer's failure for an {@link #unreadable} record, to dead-letter it with. */
    public static Exception failure(ConsumerRecord<?, ?> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return failure != null ? failure : new DeserializationException("Unreadable value in " + record.topic()
                + "-" + record.partition() + "@" + record.offset(), null, false, null);
    }
}

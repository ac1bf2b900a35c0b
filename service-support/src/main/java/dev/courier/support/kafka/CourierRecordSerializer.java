package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The services' producer value serializer: events as {@link CourierEventSerializer} writes them, and raw bytes as
 * they are. The second case is how a record that could not be read at all reaches its dead-letter topic unchanged
 * (the dead-letter recoverer republishes the original bytes).
 */
public class CourierRecordSerializer implements Serializer<Object> {

    private final CourierEventSerializer events = new CourierEventSerializer();

    @Override
    public byte[] serialize(String topic, Headers headers, Object value) {
        return value instanceof CourierEvent event ? events.serialize(topic, headers, event)
                : serialize(topic, value);
    }

    @Override
    public byte[] serialize(String topic, Object value) {
        return switch (value) {
            case null -> null;
            case byte[] raw -> raw;
            case CourierEvent event -> events.serialize(topic, event);
            default -> throw new IllegalArgumentException("Not a CourierEvent: " + value.getClass().getName());
        };
    }
}

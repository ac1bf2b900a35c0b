package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any {@link CourierEvent} as JSON, with its record name in {@code @event}; the events that carry a client's
 * wire text as that text with their other fields in headers ({@link FrameRecords}) where the record has headers.
 */
public class CourierEventSerializer implements Serializer<CourierEvent> {

    @Override
    public byte[] serialize(String topic, CourierEvent event) {
        return event == null ? null : EventJson.write(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, CourierEvent event) {
        if (event == null) {
            return null;
        }
        byte[] frame = headers == null ? null : FrameRecords.write(event, headers);
        return frame != null ? frame : EventJson.write(event);
    }
}

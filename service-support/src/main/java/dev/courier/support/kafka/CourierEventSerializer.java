package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any {@link CourierEvent} as JSON, with its record name in {@code @event}. */
public class CourierEventSerializer implements Serializer<CourierEvent> {

    @Override
    public byte[] serialize(String topic, CourierEvent event) {
        return event == null ? null : EventJson.write(event);
    }
}

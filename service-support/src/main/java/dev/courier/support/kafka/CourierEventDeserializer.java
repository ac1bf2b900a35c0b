package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads any {@link CourierEvent}. Wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}, so a record that is
 * not one goes to the dead-letter topic instead of stopping the consumer.
 */
public class CourierEventDeserializer implements Deserializer<CourierEvent> {

    @Override
    public CourierEvent deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.read(data);
    }
}

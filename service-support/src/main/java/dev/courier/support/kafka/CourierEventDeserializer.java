package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.exc.InvalidTypeIdException;

/**
 * Reads any {@link CourierEvent}. An event type this build does not know (a newer service published it during a
 * rolling upgrade) reads as null and is skipped by {@link CourierKafkaAutoConfiguration}'s record filter, just as
 * unknown JSON fields are ignored. Anything else unreadable throws; wrapped in Spring Kafka's
 * {@code ErrorHandlingDeserializer}, it goes to the dead-letter topic instead of stopping the consumer.
 */
public class CourierEventDeserializer implements Deserializer<CourierEvent> {

    private static final Logger log = LoggerFactory.getLogger(CourierEventDeserializer.class);

    @Override
    public CourierEvent deserialize(String topic, Headers headers, byte[] data) {
        if (headers != null && FrameRecords.isCompact(headers)) {
            CourierEvent frame = FrameRecords.read(headers, data);
            if (frame == null) {
                log.info("Skipping a compact event of a type this service does not know on {}", topic);
            }
            return frame;
        }
        return deserialize(topic, data);
    }

    @Override
    public CourierEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.read(data);
        } catch (InvalidTypeIdException e) {
            log.info("Skipping an event of a type this service does not know on {}: {}", topic, e.getTypeId());
            return null;
        }
    }
}

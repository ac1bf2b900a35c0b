package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of Courier events on Kafka. Unknown fields are ignored so that a newer producer's additions
 * never break an older consumer.
 */
public final class EventJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static byte[] write(CourierEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static CourierEvent read(byte[] json) {
        return MAPPER.readValue(json, CourierEvent.class);
    }
}

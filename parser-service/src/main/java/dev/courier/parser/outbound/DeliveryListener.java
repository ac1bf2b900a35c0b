package dev.courier.parser.outbound;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.EventPublisher;
import dev.courier.support.kafka.EventPublisher.Outgoing;
import dev.courier.parser.FrameWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step 5 of the message path: a typed frame routed to one device becomes wire text on the outbound topic of the
 * gateway that holds the socket, keyed by the session id. A {@code message} frame is marked ackable. Consumes in
 * batches: all the batch's frames are sent, then awaited once, before the offsets are committed.
 */
@Component
class DeliveryListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    private final FrameWriter writer = new FrameWriter();
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<Class<?>, Counter> outbound = new ConcurrentHashMap<>();

    DeliveryListener(EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "parser-deliveries", idIsGroup = false, topics = Topics.DELIVERIES, batch = "true")
    void onDeliveries(List<ConsumerRecord<String, CourierEvent>> records) {
        EventPublisher.Batch batch = publisher.batch();
        batch.forEach(records, () -> { }, (record, event) -> {
            if (event instanceof FrameRouted routed) {
                onDelivery(routed, record, batch);
            } else {
                log.warn("Ignored unexpected event on {}: {}", Topics.DELIVERIES, event.getClass().getSimpleName());
            }
        });
    }

    private void onDelivery(FrameRouted routed, ConsumerRecord<?, ?> record, EventPublisher.Batch batch) {
        DeviceSession target = routed.target();
        FrameOutbound frame = writer.outbound(target, routed.frame(), clock.instant());
        batch.send(record, new Outgoing(Topics.gatewayOutbound(target.gatewayId()), target.sessionId(), frame));
        log.debug("Delivery {} ({}, message {}) written for session {} on gateway {}", routed.eventId(),
                routed.frame().getClass().getSimpleName(), frame.ackableMessageId(), target.sessionId(),
                target.gatewayId());
        outbound.computeIfAbsent(routed.frame().getClass(), type -> Counter.builder("courier.parser.outbound")
                .tag("frame", type.getSimpleName()).register(meters)).increment();
    }
}

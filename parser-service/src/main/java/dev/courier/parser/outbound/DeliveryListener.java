package dev.courier.parser.outbound;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.parser.EventPublisher;
import dev.courier.parser.EventPublisher.Outgoing;
import dev.courier.parser.FrameWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Step 5 of the message path: a typed frame routed to one device becomes wire text on the outbound topic of the
 * gateway that holds the socket, keyed by the session id. A {@code message} frame is marked ackable.
 */
@Component
class DeliveryListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    private final FrameWriter writer = new FrameWriter();
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    DeliveryListener(EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "parser-deliveries", idIsGroup = false, topics = Topics.DELIVERIES)
    void onDelivery(FrameRouted routed) {
        DeviceSession target = routed.target();
        FrameOutbound outbound = writer.outbound(target, routed.frame(), clock.instant());
        publisher.publishAll(new Outgoing(Topics.gatewayOutbound(target.gatewayId()), target.sessionId(), outbound));
        log.debug("Delivery {} ({}, message {}) written for session {} on gateway {}", routed.eventId(),
                routed.frame().getClass().getSimpleName(), outbound.ackableMessageId(), target.sessionId(),
                target.gatewayId());
        Counter.builder("courier.parser.outbound").tag("frame", routed.frame().getClass().getSimpleName())
                .register(meters).increment();
    }
}

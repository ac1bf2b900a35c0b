package dev.courier.gateway.routing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeliveriesAcknowledged;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.Topics;
import dev.courier.gateway.GatewayProperties;
import dev.courier.gateway.websocket.ConnectionRegistry;
import dev.courier.support.kafka.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Reads this gateway's own topic ({@code courier.gateway.<id>}, one partition, so frames keep the order the parser
 * wrote them in) a poll at a time and queues each frame on its socket (writing never blocks this thread, see
 * {@code ClientSocket}). A frame for a socket that is gone is dropped: the retry timer and the reconnect flush of
 * message-service send it again. A {@code delivered} receipt behind a {@code read} the socket already got (a replay
 * after a crash upstream) is dropped, so receipts never go backwards.
 */
@Component
class GatewayOutboundListener {

    private static final Logger log = LoggerFactory.getLogger(GatewayOutboundListener.class);

    private final ConnectionRegistry registry;
    private final String gatewayId;
    private final Counter staleReceipts;
    private final EventPublisher publisher;

    GatewayOutboundListener(ConnectionRegistry registry, GatewayProperties properties, MeterRegistry meters,
                            EventPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
        this.gatewayId = properties.id();
        this.staleReceipts = Counter.builder("courier.gateway.receipts.stale")
                .description("delivered receipts dropped because the socket was already sent read (replays)")
                .register(meters);
    }

    public String topic() {
        return Topics.gatewayOutbound(gatewayId);
    }

    public String groupId() {
        return "gateway-" + gatewayId;
    }

    @KafkaListener(topics = "#{__listener.topic()}", groupId = "#{__listener.groupId()}", concurrency = "1",
            batch = "true")
    void onFrames(List<ConsumerRecord<String, CourierEvent>> records) {
        publisher.batch().forEach(records, () -> { }, (record, event) -> {
            switch (event) {
                case FrameOutbound frame -> frame(frame);
                // Parsers of earlier versions still tell the in-flight store what a client acknowledged.
                case DeliveriesAcknowledged acknowledged -> registry.find(acknowledged.session().sessionId())
                        .ifPresent(socket -> socket.acknowledge(acknowledged.messageIds()));
                default -> log.warn("Ignored unexpected {} {} on {}", event.getClass().getSimpleName(),
                        event.eventId(), topic());
            }
        });
    }

    private void frame(FrameOutbound frame) {
        String sessionId = frame.target().sessionId();
        registry.find(sessionId).ifPresentOrElse(socket -> {
            if (frame.ackableMessageId() != null) {
                socket.deliver(frame.text(), frame.ackableMessageId());
                log.debug("Message {} written to {}", frame.ackableMessageId(), socket);
            } else if (frame.receipt() != null) {
                if (!socket.sendReceipt(frame.text(), frame.receipt())) {
                    staleReceipts.increment();
                    log.info("Dropped receipt {} {} by {} to {}: it was already read (a replayed record)",
                            frame.receipt().status().wireName(), frame.receipt().messageId(), frame.receipt().by(),
                            socket);
                }
            } else {
                socket.send(frame.text());
            }
        }, () -> log.debug("Dropped frame {} (message {}): session {} is not open here", frame.eventId(),
                frame.ackableMessageId(), sessionId));
    }
}

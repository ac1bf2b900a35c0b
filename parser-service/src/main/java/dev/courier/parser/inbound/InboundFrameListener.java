package dev.courier.parser.inbound;

import dev.courier.contracts.events.DeliveriesAcknowledged;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.ServerFrame;
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
import java.util.UUID;

/**
 * Step 2 of the message path: each raw client frame becomes a command on {@link Topics#COMMANDS} (keyed by the
 * user id), or an answer straight to the socket (an error, a pong) on the gateway's outbound topic (keyed by the
 * session id). A receipt also tells the gateway which in-flight messages the client acknowledged.
 */
@Component
class InboundFrameListener {

    private static final Logger log = LoggerFactory.getLogger(InboundFrameListener.class);

    private final FrameParser parser;
    private final FrameWriter writer = new FrameWriter();
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    InboundFrameListener(EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.parser = new FrameParser(clock);
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "parser-inbound-frames", idIsGroup = false, topics = Topics.FRAMES_INBOUND)
    void onFrame(FrameReceived received) {
        DeviceSession session = received.session();
        switch (parser.parse(session, received.text())) {
            case ParsedFrame.Command(String type, var command) -> {
                if (command instanceof ReceiptRequested receipt) {
                    var acknowledged = new DeliveriesAcknowledged(UUID.randomUUID(), clock.instant(), session,
                            receipt.messageIds());
                    publisher.publishAll(new Outgoing(Topics.COMMANDS, session.userId(), command),
                            new Outgoing(Topics.gatewayOutbound(session.gatewayId()), session.sessionId(),
                                    acknowledged));
                } else {
                    publisher.publishAll(new Outgoing(Topics.COMMANDS, session.userId(), command));
                }
                log.debug("Frame {} of session {} parsed as {} (command {})", received.eventId(),
                        session.sessionId(), type, command.eventId());
                count("courier.parser.frames", "type", type);
            }
            case ParsedFrame.Ping ping -> {
                toSocket(session, new PongFrame());
                count("courier.parser.frames", "type", "ping");
            }
            case ParsedFrame.Rejected(ErrorFrame error) -> {
                log.debug("Frame {} of session {} rejected: {} ({}), ref {}", received.eventId(),
                        session.sessionId(), error.code(), error.message(), error.ref());
                toSocket(session, error);
                count("courier.parser.errors", "code", error.code());
            }
        }
    }

    private void toSocket(DeviceSession session, ServerFrame frame) {
        publisher.publishAll(new Outgoing(Topics.gatewayOutbound(session.gatewayId()), session.sessionId(),
                writer.outbound(session, frame, clock.instant())));
    }

    private void count(String name, String tag, String value) {
        Counter.builder(name).tag(tag, value).register(meters).increment();
    }
}

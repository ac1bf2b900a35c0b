package dev.courier.parser.inbound;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.PongFrame;
import dev.courier.contracts.frames.ServerFrame;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step 2 of the message path: each raw client frame becomes a command on {@link Topics#COMMANDS} (keyed by the
 * user id), or an answer straight to the socket (an error, a pong) on the gateway's outbound topic (keyed by the
 * session id). (The gateway reads a receipt's ids itself for its in-flight store.) Consumes in
 * batches: the batch's records are parsed in order, their results sent without waiting, and all the sends awaited
 * once before the offsets are committed; a record that fails is retried, then dead-lettered, on its own.
 */
@Component
class InboundFrameListener {

    private static final Logger log = LoggerFactory.getLogger(InboundFrameListener.class);

    private final FrameParser parser;
    private final FrameWriter writer = new FrameWriter();
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> frames = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    InboundFrameListener(EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.parser = new FrameParser(clock);
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(id = "parser-inbound-frames", idIsGroup = false, topics = Topics.FRAMES_INBOUND, batch = "true")
    void onFrames(List<ConsumerRecord<String, CourierEvent>> records) {
        EventPublisher.Batch batch = publisher.batch();
        batch.forEach(records, () -> { }, (record, event) -> {
            if (event instanceof FrameReceived received) {
                onFrame(received, record, batch);
            } else {
                log.warn("Ignored unexpected event on {}: {}", Topics.FRAMES_INBOUND, event.getClass().getSimpleName());
            }
        });
    }

    private void onFrame(FrameReceived received, ConsumerRecord<?, ?> record, EventPublisher.Batch batch) {
        DeviceSession session = received.session();
        switch (parser.parse(session, received.text())) {
            case ParsedFrame.Command(String type, var parsed) -> {
                // A send carries the moment the gateway read it, for the message's delivery timeline.
                CourierEvent command = parsed instanceof SendRequested send
                        ? new SendRequested(send.eventId(), send.at(), send.session(), send.messageId(), send.to(),
                                send.body(), received.at(), send.replyTo())
                        : parsed;
                batch.send(record, new Outgoing(Topics.COMMANDS, session.userId(), command));
                log.debug("Frame {} of session {} parsed as {} (command {})", received.eventId(),
                        session.sessionId(), type, command.eventId());
                count(frames, "courier.parser.frames", "type", type);
            }
            case ParsedFrame.Ping ping -> {
                toSocket(record, batch, session, new PongFrame());
                count(frames, "courier.parser.frames", "type", "ping");
            }
            case ParsedFrame.Rejected(ErrorFrame error) -> {
                log.debug("Frame {} of session {} rejected: {} ({}), ref {}", received.eventId(),
                        session.sessionId(), error.code(), error.message(), error.ref());
                toSocket(record, batch, session, error);
                count(errors, "courier.parser.errors", "code", error.code());
            }
        }
    }

    private void toSocket(ConsumerRecord<?, ?> record, EventPublisher.Batch batch, DeviceSession session,
                          ServerFrame frame) {
        batch.send(record, new Outgoing(Topics.gatewayOutbound(session.gatewayId()), session.sessionId(),
                writer.outbound(session, frame, clock.instant())));
    }

    private void count(Map<String, Counter> counters, String name, String tag, String value) {
        counters.computeIfAbsent(value, v -> Counter.builder(name).tag(tag, v).register(meters)).increment();
    }
}

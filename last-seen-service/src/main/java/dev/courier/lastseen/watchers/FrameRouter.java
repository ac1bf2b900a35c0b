package dev.courier.lastseen.watchers;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.support.kafka.EventPublisher;
import dev.courier.support.kafka.EventPublisher.Outgoing;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Publishes frames for device sockets as {@link FrameRouted} on {@link Topics#DELIVERIES}, keyed by the target's
 * user id. A batch's sends start together and are awaited together ({@link EventPublisher.Batch}), before the
 * causing event is acknowledged.
 */
@Component
class FrameRouter {

    private final EventPublisher publisher;
    private final Clock clock;

    FrameRouter(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    Batch batch() {
        return new Batch(publisher.batch());
    }

    /** Not thread-safe. */
    final class Batch {

        private final EventPublisher.Batch sends;

        private Batch(EventPublisher.Batch sends) {
            this.sends = sends;
        }

        Batch route(DeviceSession target, ServerFrame frame) {
            sends.send(new Outgoing(Topics.DELIVERIES, target.userId(),
                    new FrameRouted(UUID.randomUUID(), clock.instant(), target, frame)));
            return this;
        }

        int size() {
            return sends.size();
        }

        /** Blocks until the broker has every frame; throws if one failed. */
        void await() {
            sends.await();
        }
    }
}

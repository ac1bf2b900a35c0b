package dev.courier.lastseen.watchers;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ServerFrame;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes frames for device sockets as {@link FrameRouted} on {@link Topics#DELIVERIES}, keyed by the target's
 * user id. A batch's sends start together and are awaited together, before the causing event is acknowledged.
 */
@Component
class FrameRouter {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, CourierEvent> kafka;
    private final Clock clock;

    FrameRouter(KafkaTemplate<String, CourierEvent> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    Batch batch() {
        return new Batch();
    }

    /** Not thread-safe. */
    final class Batch {

        private final List<CompletableFuture<?>> sends = new ArrayList<>();

        Batch route(DeviceSession target, ServerFrame frame) {
            sends.add(kafka.send(Topics.DELIVERIES, target.userId(),
                    new FrameRouted(UUID.randomUUID(), clock.instant(), target, frame)));
            return this;
        }

        int size() {
            return sends.size();
        }

        void await() {
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while routing frames", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Could not route frames to " + Topics.DELIVERIES, e);
            }
        }
    }
}

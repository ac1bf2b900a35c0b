package dev.courier.message.routing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.support.kafka.EventPublisher;
import dev.courier.support.kafka.EventPublisher.Outgoing;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Publishes frames for device sockets as {@link FrameRouted} on {@link Topics#DELIVERIES}, keyed by the target's
 * user id so that frames to one user keep the order in which they were sent. A unit of work collects its frames in
 * a {@link Batch} while it decides (inside its transaction) and hands them to Kafka once it committed: nothing waits
 * for the broker while a transaction and its locks are open. Callers {@link Batch#await() await} the batch before
 * they acknowledge what caused it: nothing counts as routed until the broker has it.
 */
@Component
public class FrameRouter {

    private final EventPublisher publisher;
    private final Clock clock;

    FrameRouter(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public Batch batch() {
        return new Batch(publisher.batch());
    }

    /**
     * Frames collected by one unit of work. Nothing is sent by {@link #route}: {@link #send()} hands what was
     * collected to the producer, ordered by position (see {@link #at}) and then by the order routed; {@link #await()}
     * sends what is left and waits for the broker. Not thread-safe.
     */
    public final class Batch {

        private record Routed(int position, Outgoing outgoing) {
        }

        private final EventPublisher.Batch sends;
        private final List<Routed> collected = new ArrayList<>();
        private int position;

        private Batch(EventPublisher.Batch sends) {
            this.sends = sends;
        }

        /**
         * Frames routed from now on belong at {@code position} (e.g. the index of the record that caused them in
         * its poll): a poll that decides its sends before its receipts still sends every frame in record order.
         */
        public Batch at(int position) {
            this.position = position;
            return this;
        }

        public Batch route(DeviceSession target, ServerFrame frame) {
            var event = new FrameRouted(UUID.randomUUID(), clock.instant(), target, frame);
            collected.add(new Routed(position, new Outgoing(Topics.DELIVERIES, target.userId(), event)));
            return this;
        }

        /** Frames routed so far, sent or not. */
        public int size() {
            return collected.size() + sends.size();
        }

        /**
         * Hands the frames routed since the last call to the producer, without waiting. Call it where the order of
         * these frames against frames routed elsewhere matters: the producer keeps the order of its sends per
         * partition, so a frame sent here goes out before any frame to the same user sent after this returns.
         */
        public void send() {
            collected.sort(Comparator.comparingInt(Routed::position));
            for (Routed routed : collected) {
                sends.send(routed.outgoing());
            }
            collected.clear();
        }

        /** Sends what is left and blocks until the broker has acknowledged every frame; throws if one failed. */
        public void await() {
            send();
            sends.await();
        }
    }
}

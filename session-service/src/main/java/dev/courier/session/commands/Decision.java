package dev.courier.session.commands;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.frames.ErrorFrame;

import java.util.List;

/** What becomes of one command. */
sealed interface Decision {

    /** Allowed: publish {@code event} on {@code topic} with {@code key}. */
    record Authorized(String topic, String key, CourierEvent event) implements Decision {
    }

    /**
     * Allowed, and answered straight to devices: each frame goes on {@code courier.deliveries} keyed by its target's
     * user id (typing). May be empty: nobody to tell is online.
     */
    record Routed(List<FrameRouted> frames) implements Decision {

        public Routed {
            frames = List.copyOf(frames);
        }
    }

    /** Refused: the error goes back to the command's session. */
    record Refused(ErrorFrame error) implements Decision {
    }
}

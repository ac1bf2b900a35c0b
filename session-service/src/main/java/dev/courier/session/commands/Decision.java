package dev.courier.session.commands;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.frames.ErrorFrame;

/** What becomes of one command. */
sealed interface Decision {

    /** Allowed: publish {@code event} on {@code topic} with {@code key}. */
    record Authorized(String topic, String key, CourierEvent event) implements Decision {
    }

    /** Refused: the error goes back to the command's session. */
    record Refused(ErrorFrame error) implements Decision {
    }
}

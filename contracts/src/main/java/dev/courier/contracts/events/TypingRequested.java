package dev.courier.contracts.events;

import dev.courier.contracts.frames.Recipient;

import java.time.Instant;
import java.util.UUID;

/** A {@code typing} frame (the presence issue routes it). Topic {@link Topics#COMMANDS}. */
public record TypingRequested(UUID eventId, Instant at, DeviceSession session, Recipient to, String state)
        implements CourierEvent {
}

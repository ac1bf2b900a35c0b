package dev.courier.contracts.events;

import dev.courier.contracts.frames.ServerFrame;

import java.time.Instant;
import java.util.UUID;

/**
 * A typed frame for one device's socket. Any service may publish it; parser-service turns it into wire text on
 * the target gateway's outbound topic. Topic {@link Topics#DELIVERIES}, keyed by the target user id so frames
 * to one user keep the order in which they were routed.
 */
public record FrameRouted(UUID eventId, Instant at, DeviceSession target, ServerFrame frame) implements CourierEvent {
}

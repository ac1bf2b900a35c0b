package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A socket was authenticated and opened. {@code background} is true when the device connected with
 * {@code ?state=background}. Topic {@link Topics#SESSIONS}, keyed by user id. Its consumers flush what waits
 * for the user (message-service) and record the session (session-service).
 */
public record SessionOpened(UUID eventId, Instant at, DeviceSession session, boolean background)
        implements CourierEvent {
}

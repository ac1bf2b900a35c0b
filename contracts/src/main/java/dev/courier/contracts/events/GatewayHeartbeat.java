package dev.courier.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A gateway instance is alive. Each gateway publishes one when it starts and then every
 * {@code courier.gateway.liveness-interval}, with the same {@code startedAt} for the whole life of its process.
 * Topic {@link Topics#SESSIONS}, keyed by the gateway id.
 *
 * <p>It gives the sessions a gateway reports a lease, because a gateway killed outright never publishes their
 * {@link SessionClosed}: a gateway that stops heartbeating for longer than the lease is dead, and all its sessions
 * with it; sessions of a gateway id that were opened before its current {@code startedAt} belong to an earlier run
 * of it (it crashed and came back) and are dead too. Consumers judge "longer than the lease" by their own clock
 * (the time they received the last heartbeat), not by {@code at}, so clock skew between machines does not matter.
 */
public record GatewayHeartbeat(UUID eventId, Instant at, String gatewayId, Instant startedAt)
        implements CourierEvent {
}

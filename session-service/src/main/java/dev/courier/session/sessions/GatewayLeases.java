package dev.courier.session.sessions;

import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.session.SessionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lease of device sessions. A gateway killed outright never publishes its sockets' {@code SessionClosed}; its
 * {@link GatewayHeartbeat}s stop instead. {@code gateway_liveness} keeps, per gateway, its {@code startedAt} and when
 * (by this service's clock) its last heartbeat was processed. Open sessions are marked closed ({@code closed_at} =
 * now), so their commands are refused:
 * <ul>
 *   <li>at once, when a heartbeat shows that their gateway restarted after they opened;</li>
 *   <li>by the sweeper, when their gateway has been silent for longer than the lease, or, for a gateway never heard
 *       of (its first heartbeat may still be in flight), when the session itself is older than the lease.</li>
 * </ul>
 * Silence is judged only from one lease after the sessions listener was last assigned its partitions: after
 * downtime or a rebalance, {@code last_heartbeat_at} is stale until the backlog of heartbeats is read.
 */
@Component
class GatewayLeases {

    private static final Logger log = LoggerFactory.getLogger(GatewayLeases.class);

    private final JdbcClient jdbc;
    private final Duration lease;
    private final Clock clock;
    private final ClosedSessions closedSessions;
    /** No session is judged by its gateway's silence before this: a lease after the heartbeats' partitions came. */
    private volatile Instant judgingFrom = Instant.MAX;
    private final Counter expired;

    GatewayLeases(JdbcClient jdbc, SessionProperties properties, Clock clock, ClosedSessions closedSessions,
                  MeterRegistry meters) {
        this.jdbc = jdbc;
        this.closedSessions = closedSessions;
        this.lease = properties.sessions().lease();
        this.clock = clock;
        this.expired = Counter.builder("courier.sessions.expired")
                .description("Device sessions closed because their gateway died or restarted without closing them")
                .register(meters);
    }

    /** Records the heartbeat and closes the open sessions of earlier runs of its gateway; returns how many. */
    @Transactional
    public int heartbeat(GatewayHeartbeat heartbeat) {
        OffsetDateTime now = timestamp(clock.instant());
        jdbc.sql("""
                        insert into gateway_liveness (gateway_id, started_at, last_heartbeat_at)
                        values (:gatewayId, :startedAt, :now)
                        on conflict (gateway_id) do update
                        set started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at""")
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", timestamp(heartbeat.startedAt()))
                .param("now", now)
                .update();
        List<String> closedIds = jdbc.sql("""
                        update device_session set closed_at = :now
                        where gateway_id = :gatewayId and closed_at is null and opened_at < :startedAt
                        returning session_id""")
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", timestamp(heartbeat.startedAt()))
                .param("now", now)
                .query(String.class)
                .list();
        closedSessions.markClosed(closedIds);
        int closed = closedIds.size();
        if (closed > 0) {
            expired.increment(closed);
            log.info("Gateway {} restarted at {}: closed {} sessions of its earlier run", heartbeat.gatewayId(),
                    heartbeat.startedAt(), closed);
        }
        return closed;
    }

    /**
     * Whether a session of this gateway opened at {@code openedAt} is already dead: opened before the gateway's
     * current start, or its gateway is past its lease (the sweeper would close it at once).
     */
    boolean isDead(String gatewayId, Instant openedAt) {
        record Liveness(Instant startedAt, Instant lastHeartbeatAt) {
        }
        Instant now = clock.instant();
        boolean judging = !now.isBefore(judgingFrom);
        Instant cutoff = now.minus(lease);
        return jdbc.sql("select started_at, last_heartbeat_at from gateway_liveness where gateway_id = :gatewayId")
                .param("gatewayId", gatewayId)
                .query((rs, row) -> new Liveness(rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("last_heartbeat_at").toInstant()))
                .optional()
                .map(gateway -> openedAt.isBefore(gateway.startedAt())
                        || judging && gateway.lastHeartbeatAt().isBefore(cutoff))
                .orElse(judging && openedAt.isBefore(cutoff));
    }

    void countExpired() {
        expired.increment();
    }

    /** The sessions listener was (re)assigned its partitions: judge silence again only after a lease of heartbeats. */
    void listening() {
        judgingFrom = clock.instant().plus(lease);
    }

    @Scheduled(fixedDelayString = "${courier.session.sessions.sweep-interval:5s}")
    void sweep() {
        Instant now = clock.instant();
        if (now.isBefore(judgingFrom)) {
            return;
        }
        Instant cutoff = now.minus(lease);
        record Closed(String sessionId, String gatewayId) {
        }
        List<Closed> closed = jdbc.sql("""
                        update device_session s set closed_at = :now
                        where s.closed_at is null and s.opened_at is not null
                          and (exists (select 1 from gateway_liveness g
                                       where g.gateway_id = s.gateway_id and g.last_heartbeat_at < :cutoff)
                               or (s.opened_at < :cutoff
                                   and not exists (select 1 from gateway_liveness g
                                                   where g.gateway_id = s.gateway_id)))
                        returning s.session_id, s.gateway_id""")
                .param("now", timestamp(now))
                .param("cutoff", timestamp(cutoff))
                .query((rs, row) -> new Closed(rs.getString("session_id"), rs.getString("gateway_id")))
                .list();
        closedSessions.markClosed(closed.stream().map(Closed::sessionId).toList());
        List<String> gateways = closed.stream().map(Closed::gatewayId).toList();
        // Gateways gone for good: their row is no longer needed (a session of an unknown gateway is judged by age).
        jdbc.sql("""
                        delete from gateway_liveness g where g.last_heartbeat_at < :cutoff
                        and not exists (select 1 from device_session s
                                        where s.gateway_id = g.gateway_id and s.closed_at is null)""")
                .param("cutoff", timestamp(cutoff))
                .update();
        if (!gateways.isEmpty()) {
            expired.increment(gateways.size());
            Map<String, Integer> byGateway = new TreeMap<>();
            gateways.forEach(gateway -> byGateway.merge(gateway, 1, Integer::sum));
            log.info("Closed {} sessions of gateways without a heartbeat for {}: {}", gateways.size(), lease,
                    byGateway);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package dev.courier.message.routing;

import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.message.MessageProperties;
import dev.courier.message.store.MessageRows;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lease of device sessions. A gateway killed outright never publishes its sockets' {@code SessionClosed}, so
 * {@code device_session} would keep them for ever: receipts and {@code expired} errors would be routed to a dead
 * gateway instead of kept as pending notices, and the retry timer would resend to users who are offline. Gateways
 * publish {@link GatewayHeartbeat}; {@code gateway_liveness} records, per gateway, its {@code startedAt} and when
 * (by this service's clock) its last heartbeat was processed. Sessions are removed from {@code device_session}
 * <ul>
 *   <li>at once, when a heartbeat shows that their gateway restarted after they opened;</li>
 *   <li>by the sweeper, when their gateway has been silent for longer than the lease, or, for a gateway never heard
 *       of (its first heartbeat may still be in flight), when the session itself is older than the lease.</li>
 * </ul>
 * Everything that decides "online" (the routing of receipts and notices, the retry timer, the flush) reads
 * {@code device_session}, so removing the ghosts corrects them all. Silence is judged only from one lease after the
 * sessions listener was last assigned its partitions: after downtime or a rebalance, {@code last_heartbeat_at} is
 * stale until the backlog of heartbeats is read.
 */
@Component
public class GatewayLeases {

    private static final Logger log = LoggerFactory.getLogger(GatewayLeases.class);

    private final JdbcClient jdbc;
    private final Duration lease;
    private final Clock clock;
    /** No session is judged by its gateway's silence before this: a lease after the heartbeats' partitions came. */
    private volatile Instant judgingFrom = Instant.MAX;
    private final Counter expired;

    GatewayLeases(JdbcClient jdbc, MessageProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.lease = properties.sessions().lease();
        this.clock = clock;
        this.expired = Counter.builder("courier.sessions.expired")
                .description("Device sessions removed because their gateway died or restarted without closing them")
                .register(meters);
    }

    /** Records the heartbeat and removes the sessions of earlier runs of its gateway; returns how many. */
    @Transactional
    public int heartbeat(GatewayHeartbeat heartbeat) {
        jdbc.sql("""
                        insert into gateway_liveness (gateway_id, started_at, last_heartbeat_at)
                        values (:gatewayId, :startedAt, :now)
                        on conflict (gateway_id) do update
                        set started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at""")
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", MessageRows.timestamp(heartbeat.startedAt()))
                .param("now", MessageRows.timestamp(clock.instant()))
                .update();
        int removed = jdbc.sql("delete from device_session where gateway_id = :gatewayId and opened_at < :startedAt")
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", MessageRows.timestamp(heartbeat.startedAt()))
                .update();
        if (removed > 0) {
            expired.increment(removed);
            log.info("gateway {} restarted at {}: removed {} sessions of its earlier run", heartbeat.gatewayId(),
                    heartbeat.startedAt(), removed);
        }
        return removed;
    }

    /**
     * Whether a session of this gateway opened at {@code openedAt} is already dead: opened before the gateway's
     * current start, or its gateway is past its lease (the sweeper would remove it at once).
     */
    public boolean isDead(String gatewayId, Instant openedAt) {
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

    /** Counts a session that was dead when its {@code SessionOpened} was read (so it was never recorded). */
    public void countExpired() {
        expired.increment();
    }

    /** The sessions listener was (re)assigned its partitions: judge silence again only after a lease of heartbeats. */
    public void listening() {
        judgingFrom = clock.instant().plus(lease);
    }

    @Scheduled(fixedDelayString = "${courier.message.sessions.sweep-interval:5s}")
    void sweep() {
        Instant now = clock.instant();
        if (now.isBefore(judgingFrom)) {
            return;
        }
        int removed = removeExpired(now.minus(lease));
        if (removed > 0) {
            expired.increment(removed);
        }
    }

    /** Removes the sessions of gateways silent since before {@code cutoff} and of unknown gateways opened before it. */
    int removeExpired(Instant cutoff) {
        List<String> gateways = jdbc.sql("""
                        delete from device_session s
                        where exists (select 1 from gateway_liveness g
                                      where g.gateway_id = s.gateway_id and g.last_heartbeat_at < :cutoff)
                           or (s.opened_at < :cutoff
                               and not exists (select 1 from gateway_liveness g where g.gateway_id = s.gateway_id))
                        returning s.gateway_id""")
                .param("cutoff", MessageRows.timestamp(cutoff))
                .query(String.class)
                .list();
        // Gateways gone for good: their row is no longer needed (a session of an unknown gateway is judged by age).
        jdbc.sql("""
                        delete from gateway_liveness g where g.last_heartbeat_at < :cutoff
                        and not exists (select 1 from device_session s where s.gateway_id = g.gateway_id)""")
                .param("cutoff", MessageRows.timestamp(cutoff))
                .update();
        if (!gateways.isEmpty()) {
            Map<String, Integer> byGateway = new TreeMap<>();
            gateways.forEach(gateway -> byGateway.merge(gateway, 1, Integer::sum));
            log.info("removed {} sessions of gateways without a heartbeat for {}: {}", gateways.size(), lease,
                    byGateway);
        }
        return gateways.size();
    }
}

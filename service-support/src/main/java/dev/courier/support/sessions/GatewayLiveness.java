package dev.courier.support.sessions;

import dev.courier.contracts.events.GatewayHeartbeat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lease of device sessions (ADR 001): a gateway killed outright never publishes its sockets'
 * {@code SessionClosed}; its {@link GatewayHeartbeat}s stop instead. A session is dead, as of the last moment it can
 * have been alive, when its gateway
 * <ul>
 *   <li>restarted after the session opened (a heartbeat's {@code startedAt} is later): as of that start, and at
 *       once, when the heartbeat is read;</li>
 *   <li>has been silent for longer than the lease: as of its last heartbeat;</li>
 *   <li>was never heard of and the session is older than the lease (its first heartbeat may still be in flight):
 *       as of its opening.</li>
 * </ul>
 * Silence is judged by this service's clock (when it processed the last heartbeat: no skew between machines), and
 * only from one lease after {@link #listening()}: after downtime or a rebalance, heartbeats are stale until their
 * backlog is read. The {@link #sweep()} finds the silent ones.
 * <p>
 * session-service, message-service and last-seen-service each extend it with what a dead session means to them
 * ({@link #end}), and keep its table in their own schema, from their own Flyway migration
 * ({@code gateway_liveness (gateway_id varchar(128) primary key, started_at timestamptz not null,
 * last_heartbeat_at timestamptz not null)}), beside their own table of sessions (with {@code session_id},
 * {@code user_id}, {@code gateway_id}, {@code opened_at}).
 */
public abstract class GatewayLiveness {

    private static final Logger log = LoggerFactory.getLogger(GatewayLiveness.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;
    private final String sessions;
    private final String live;
    private final Counter expired;
    /** No session is judged by its gateway's silence before this: a lease after the heartbeats' partitions came. */
    private volatile Instant judgingFrom = Instant.MAX;

    /**
     * @param sessions the service's table of device sessions
     * @param live     an SQL condition on its row {@code s} that holds for the sessions still to judge
     */
    protected GatewayLiveness(JdbcClient jdbc, Clock clock, MeterRegistry meters, Duration lease, String sessions,
                              String live) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lease = lease;
        this.sessions = sessions;
        this.live = live;
        this.expired = Counter.builder("courier.sessions.expired")
                .description("Device sessions ended because their gateway died or restarted without closing them")
                .register(meters);
    }

    /** A session whose lease has run out, and the last moment it can have been alive. */
    public record DeadSession(String sessionId, String userId, String gatewayId, Instant deadAt) {
    }

    /** What the service does with dead sessions; answers how many it ended (those it had not ended before). */
    protected abstract int end(List<DeadSession> dead);

    /** Records the heartbeat (by this service's clock) and ends the sessions of its gateway's earlier runs. */
    public void heartbeat(GatewayHeartbeat heartbeat) {
        jdbc.sql("""
                        insert into gateway_liveness (gateway_id, started_at, last_heartbeat_at)
                        values (:gatewayId, :startedAt, :now)
                        on conflict (gateway_id) do update
                        set started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at""")
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", timestamp(heartbeat.startedAt()))
                .param("now", timestamp(clock.instant()))
                .update();
        endAndCount("of an earlier run of gateway " + heartbeat.gatewayId(), jdbc.sql("""
                        select s.session_id, s.user_id, s.gateway_id, cast(:startedAt as timestamptz) as dead_at
                        from %s s where s.gateway_id = :gatewayId and s.opened_at < :startedAt and (%s)"""
                        .formatted(sessions, live))
                .param("gatewayId", heartbeat.gatewayId())
                .param("startedAt", timestamp(heartbeat.startedAt()))
                .query(GatewayLiveness::deadSession)
                .list());
    }

    /** Whether a session of this gateway opened at {@code openedAt} is already dead (see the class comment). */
    public boolean isDead(String gatewayId, Instant openedAt) {
        record Liveness(Instant startedAt, Instant lastHeartbeatAt) {
        }
        boolean judging = judging();
        Instant cutoff = clock.instant().minus(lease);
        return jdbc.sql("select started_at, last_heartbeat_at from gateway_liveness where gateway_id = :gatewayId")
                .param("gatewayId", gatewayId)
                .query((rs, row) -> new Liveness(instant(rs, "started_at"), instant(rs, "last_heartbeat_at")))
                .optional()
                .map(gateway -> openedAt.isBefore(gateway.startedAt())
                        || judging && gateway.lastHeartbeatAt().isBefore(cutoff))
                .orElse(judging && openedAt.isBefore(cutoff));
    }

    /** The heartbeats' listener was (re)assigned its partitions: judge silence again only after a lease of them. */
    public void listening() {
        judgingFrom = clock.instant().plus(lease);
    }

    /** Counts a session found dead when its {@code SessionOpened} was read. */
    public void countExpired() {
        expired.increment();
    }

    /**
     * Ends every session the lease has run out for, then forgets the gateways gone for good (silent past the lease,
     * holding no session: a session of an unknown gateway is judged by its age). Subclasses schedule it.
     */
    protected void sweep() {
        Instant cutoff = clock.instant().minus(lease);
        endAndCount("of gateways that died or restarted (lease " + lease + ")", jdbc.sql("""
                        select s.session_id, s.user_id, s.gateway_id,
                               case when g.gateway_id is null then s.opened_at
                                    when s.opened_at < g.started_at then g.started_at
                                    else g.last_heartbeat_at end as dead_at
                        from %s s left join gateway_liveness g on g.gateway_id = s.gateway_id
                        where (%s)
                          and ((g.gateway_id is not null and s.opened_at < g.started_at)
                               or (:judging and g.gateway_id is not null and g.last_heartbeat_at < :cutoff)
                               or (:judging and g.gateway_id is null and s.opened_at < :cutoff))"""
                        .formatted(sessions, live))
                .param("judging", judging())
                .param("cutoff", timestamp(cutoff))
                .query(GatewayLiveness::deadSession)
                .list());
        if (judging()) {
            jdbc.sql("""
                            delete from gateway_liveness g where g.last_heartbeat_at < :cutoff
                            and not exists (select 1 from %s s where s.gateway_id = g.gateway_id and (%s))"""
                            .formatted(sessions, live))
                    .param("cutoff", timestamp(cutoff))
                    .update();
        }
    }

    private void endAndCount(String which, List<DeadSession> dead) {
        if (dead.isEmpty()) {
            return;
        }
        int ended = end(dead);
        expired.increment(ended);
        Map<String, Integer> byGateway = new TreeMap<>();
        dead.forEach(session -> byGateway.merge(session.gatewayId(), 1, Integer::sum));
        log.info("Ended {} sessions {}: {}", ended, which, byGateway);
    }

    private boolean judging() {
        return !clock.instant().isBefore(judgingFrom);
    }

    protected static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static DeadSession deadSession(ResultSet rs, int row) throws SQLException {
        return new DeadSession(rs.getString("session_id"), rs.getString("user_id"), rs.getString("gateway_id"),
                instant(rs, "dead_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

package dev.courier.lastseen.presence;

import dev.courier.contracts.events.GatewayHeartbeat;
import dev.courier.lastseen.LastSeenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.courier.lastseen.presence.PresenceStore.instant;
import static dev.courier.lastseen.presence.PresenceStore.timestamp;

/**
 * The lease of device sessions, as message-service and session-service keep it (ADR 001): a gateway killed
 * outright never publishes its sockets' {@code SessionClosed}, so without it their users would stay online for
 * ever. {@code gateway_liveness} holds each gateway's {@code startedAt} and when (by this service's clock) its last
 * heartbeat was processed. The sweeper disconnects, as of the last moment they can have been alive, the owned
 * sessions of a gateway that restarted after they opened (at its new start), of a gateway silent for longer than
 * the lease (at its last heartbeat) and of a gateway never heard of once they are older than the lease (at their
 * opening). Silence is judged only a lease after the presence listener got its partitions.
 */
@Component
public class GatewayLeases {

    private static final Logger log = LoggerFactory.getLogger(GatewayLeases.class);

    private final JdbcClient jdbc;
    private final PresenceTracker tracker;
    private final Ownership ownership;
    private final Clock clock;
    private final Duration lease;
    private volatile Instant judgingFrom = Instant.MAX;

    GatewayLeases(JdbcClient jdbc, PresenceTracker tracker, Ownership ownership, Clock clock,
                  LastSeenProperties properties) {
        this.jdbc = jdbc;
        this.tracker = tracker;
        this.ownership = ownership;
        this.clock = clock;
        this.lease = properties.sessions().lease();
    }

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
    }

    /** Whether a session of this gateway opened at {@code openedAt} is already dead (see the class comment). */
    public boolean isDead(String gatewayId, Instant openedAt) {
        record Liveness(Instant startedAt, Instant lastHeartbeatAt) {
        }
        Instant now = clock.instant();
        boolean judging = !now.isBefore(judgingFrom);
        Instant cutoff = now.minus(lease);
        return jdbc.sql("select started_at, last_heartbeat_at from gateway_liveness where gateway_id = :gatewayId")
                .param("gatewayId", gatewayId)
                .query((rs, row) -> new Liveness(instant(rs, "started_at"), instant(rs, "last_heartbeat_at")))
                .optional()
                .map(gateway -> openedAt.isBefore(gateway.startedAt())
                        || judging && gateway.lastHeartbeatAt().isBefore(cutoff))
                .orElse(judging && openedAt.isBefore(cutoff));
    }

    /** The presence listener was (re)assigned its partitions: judge silence again only after a lease of heartbeats. */
    public void listening() {
        judgingFrom = clock.instant().plus(lease);
    }

    @Scheduled(fixedDelayString = "${courier.lastseen.sessions.sweep-interval:5s}")
    void sweep() {
        record Dead(String sessionId, String userId, Instant at) {
        }
        Instant now = clock.instant();
        boolean judging = !now.isBefore(judgingFrom);
        List<Dead> dead = jdbc.sql("""
                        select s.session_id, s.user_id,
                               case when g.gateway_id is null then s.opened_at
                                    when s.opened_at < g.started_at then g.started_at
                                    else g.last_heartbeat_at end as dead_at
                        from presence_session s left join gateway_liveness g on g.gateway_id = s.gateway_id
                        where (g.gateway_id is not null and s.opened_at < g.started_at)
                           or (:judging and g.gateway_id is not null and g.last_heartbeat_at < :cutoff)
                           or (:judging and g.gateway_id is null and s.opened_at < :cutoff)""")
                .param("judging", judging)
                .param("cutoff", timestamp(now.minus(lease)))
                .query((rs, row) -> new Dead(rs.getString("session_id"), rs.getString("user_id"),
                        instant(rs, "dead_at")))
                .list();
        for (Dead session : dead) {
            if (ownership.owns(session.userId())) {
                log.info("session {} of user {} is dead (its gateway died or restarted): disconnected as of {}",
                        session.sessionId(), session.userId(), session.at());
                tracker.expired(session.userId(), session.sessionId(), session.at().isAfter(now) ? now : session.at());
            }
        }
    }
}

package dev.courier.session.sessions;

import dev.courier.session.SessionProperties;
import dev.courier.support.sessions.GatewayLiveness;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * What session-service does with the sessions of a dead gateway ({@link GatewayLiveness} judges): it marks them
 * closed ({@code closed_at} = now), so their commands are refused.
 */
@Component
class GatewayLeases extends GatewayLiveness {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ClosedSessions closedSessions;

    GatewayLeases(JdbcClient jdbc, SessionProperties properties, Clock clock, ClosedSessions closedSessions,
                  MeterRegistry meters) {
        super(jdbc, clock, meters, properties.sessions().lease(), "device_session",
                "s.closed_at is null and s.opened_at is not null");
        this.jdbc = jdbc;
        this.clock = clock;
        this.closedSessions = closedSessions;
    }

    @Override
    protected int end(List<DeadSession> dead) {
        List<String> closed = jdbc.sql("""
                        update device_session set closed_at = :now
                        where session_id = any(:ids) and closed_at is null returning session_id""")
                .param("ids", dead.stream().map(DeadSession::sessionId).toArray(String[]::new))
                .param("now", timestamp(clock.instant()))
                .query(String.class)
                .list();
        closedSessions.markClosed(closed);
        return closed.size();
    }

    @Override
    @Scheduled(fixedDelayString = "${courier.session.sessions.sweep-interval:5s}")
    protected void sweep() {
        super.sweep();
    }
}

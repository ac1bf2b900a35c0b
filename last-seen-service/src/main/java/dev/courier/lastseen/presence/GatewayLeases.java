package dev.courier.lastseen.presence;

import dev.courier.lastseen.LastSeenProperties;
import dev.courier.support.sessions.GatewayLiveness;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What last-seen-service does with the sessions of a dead gateway ({@link GatewayLiveness} judges): without it their
 * users would stay online for ever. It disconnects those of the users this instance owns, as of the last moment they
 * can have been alive (never later than now).
 */
@Component
public class GatewayLeases extends GatewayLiveness {

    private final PresenceTracker tracker;
    private final Ownership ownership;
    private final Clock clock;

    GatewayLeases(JdbcClient jdbc, PresenceTracker tracker, Ownership ownership, Clock clock, MeterRegistry meters,
                  LastSeenProperties properties) {
        super(jdbc, clock, meters, properties.sessions().lease(), "presence_session", "true");
        this.tracker = tracker;
        this.ownership = ownership;
        this.clock = clock;
    }

    @Override
    protected int end(List<DeadSession> dead) {
        Instant now = clock.instant();
        List<DeadSession> owned = dead.stream().filter(session -> ownership.owns(session.userId())).toList();
        owned.forEach(session -> tracker.expired(session.userId(), session.sessionId(),
                session.deadAt().isAfter(now) ? now : session.deadAt()));
        return owned.size();
    }

    @Override
    @Scheduled(fixedDelayString = "${courier.lastseen.sessions.sweep-interval:5s}")
    protected void sweep() {
        super.sweep();
    }
}

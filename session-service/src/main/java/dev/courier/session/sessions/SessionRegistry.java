package dev.courier.session.sessions;

import dev.courier.contracts.events.DeviceSession;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The device sessions gateways reported on {@code courier.sessions}. Commands are refused only from sessions known
 * to be closed: a session not known yet is fine, as its {@code SessionOpened} travels on another topic and may be
 * processed after the session's first command (ADR 001). Sessions of gateways that died or restarted without
 * closing them are closed by {@link GatewayLeases}.
 */
@Service
public class SessionRegistry {

    private final DeviceSessionRepository sessions;
    private final GatewayLeases leases;
    private final ClosedSessions closedSessions;
    private final Clock clock;

    SessionRegistry(DeviceSessionRepository sessions, GatewayLeases leases, ClosedSessions closedSessions,
                    Clock clock) {
        this.sessions = sessions;
        this.leases = leases;
        this.closedSessions = closedSessions;
        this.clock = clock;
    }

    /**
     * Records an opened session; one whose gateway is already dead, or restarted since it opened (its
     * {@code SessionOpened} was read late), is recorded closed at once. Returns false in that case.
     */
    @Transactional
    public boolean opened(DeviceSession session, boolean background, Instant at) {
        sessions.recordOpened(session.sessionId(), session.userId(), session.deviceId(), session.gatewayId(),
                background, at);
        if (at != null && leases.isDead(session.gatewayId(), at)) {
            if (sessions.recordClosed(session.sessionId(), session.userId(), session.deviceId(),
                    session.gatewayId(), clock.instant()) == 1) {
                leases.countExpired();
            }
            closedSessions.markClosed(List.of(session.sessionId()));
            return false;
        }
        return true;
    }

    @Transactional
    public void closed(DeviceSession session, Instant at) {
        sessions.recordClosed(session.sessionId(), session.userId(), session.deviceId(), session.gatewayId(), at);
        closedSessions.markClosed(List.of(session.sessionId()));
    }

    /** Whether the session is known closed: from memory ({@link ClosedSessions}), the database only on a miss. */
    public boolean isClosed(String sessionId) {
        return closedSessions.isClosed(sessionId, sessions::existsBySessionIdAndClosedAtIsNotNull);
    }

    /** The user's sessions that opened and have not closed, oldest first. */
    @Transactional(readOnly = true)
    public List<OpenSession> openSessions(String userId) {
        return sessions.findByUserIdAndClosedAtIsNullAndOpenedAtIsNotNullOrderByOpenedAt(userId).stream()
                .map(s -> new OpenSession(s.sessionId(), s.deviceId(), s.gatewayId(), s.background(), s.openedAt()))
                .toList();
    }

    /**
     * The open sockets of all these users (opened and not closed, so gateways' leases apply), oldest first, as
     * {@link DeviceSession}s to route frames to. One query whatever the number of users.
     */
    @Transactional(readOnly = true)
    public List<DeviceSession> openDeviceSessions(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return sessions.findByUserIdInAndClosedAtIsNullAndOpenedAtIsNotNullOrderByOpenedAt(userIds).stream()
                .map(s -> new DeviceSession(s.userId(), s.deviceId(), s.sessionId(), s.gatewayId()))
                .toList();
    }

    /** One open socket of a user: which device, and which gateway holds it. */
    public record OpenSession(String sessionId, String deviceId, String gatewayId, boolean background,
                              Instant openedAt) {
    }
}

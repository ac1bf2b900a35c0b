package dev.courier.session.sessions;

import dev.courier.contracts.events.DeviceSession;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The device sessions gateways reported on {@code courier.sessions}. Commands are refused only from sessions known
 * to be closed: a session not known yet is fine, as its {@code SessionOpened} travels on another topic and may be
 * processed after the session's first command (ADR 001).
 */
@Service
public class SessionRegistry {

    private final DeviceSessionRepository sessions;

    SessionRegistry(DeviceSessionRepository sessions) {
        this.sessions = sessions;
    }

    @Transactional
    public void opened(DeviceSession session, boolean background, Instant at) {
        sessions.recordOpened(session.sessionId(), session.userId(), session.deviceId(), session.gatewayId(),
                background, at);
    }

    @Transactional
    public void closed(DeviceSession session, Instant at) {
        sessions.recordClosed(session.sessionId(), session.userId(), session.deviceId(), session.gatewayId(), at);
    }

    @Transactional(readOnly = true)
    public boolean isClosed(String sessionId) {
        return sessions.existsBySessionIdAndClosedAtIsNotNull(sessionId);
    }

    /** The user's sessions that opened and have not closed, oldest first. */
    @Transactional(readOnly = true)
    public List<OpenSession> openSessions(String userId) {
        return sessions.findByUserIdAndClosedAtIsNullAndOpenedAtIsNotNullOrderByOpenedAt(userId).stream()
                .map(s -> new OpenSession(s.sessionId(), s.deviceId(), s.gatewayId(), s.background(), s.openedAt()))
                .toList();
    }

    /** One open socket of a user: which device, and which gateway holds it. */
    public record OpenSession(String sessionId, String deviceId, String gatewayId, boolean background,
                              Instant openedAt) {
    }
}

package dev.courier.session.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code device_session}: written only by the upserts of {@link DeviceSessionRepository}, read here. */
@Entity
@Table(name = "device_session")
class DeviceSessionRecord {

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(name = "device_id")
    private String deviceId;

    @Column(name = "gateway_id", nullable = false)
    private String gatewayId;

    @Column(name = "background", nullable = false)
    private boolean background;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    protected DeviceSessionRecord() {
    }

    String sessionId() {
        return sessionId;
    }

    String userId() {
        return userId;
    }

    String deviceId() {
        return deviceId;
    }

    String gatewayId() {
        return gatewayId;
    }

    boolean background() {
        return background;
    }

    Instant openedAt() {
        return openedAt;
    }

    Instant closedAt() {
        return closedAt;
    }
}

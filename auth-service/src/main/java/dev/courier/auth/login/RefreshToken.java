package dev.courier.auth.login;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A refresh token as stored: its SHA-256 only, never the token itself. */
@Entity
@Table(name = "refresh_token")
class RefreshToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "user_id", nullable = false)
    private UUID userId;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(nullable = false)
    private boolean spent;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, UUID userId, String deviceId, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.deviceId = deviceId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String tokenHash() {
        return tokenHash;
    }

    UUID userId() {
        return userId;
    }

    String deviceId() {
        return deviceId;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    boolean spent() {
        return spent;
    }
}

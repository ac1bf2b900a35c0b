package dev.courier.auth.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "signing_key")
class SigningKey {

    @Id
    @Column(length = 64)
    private String kid;

    @Column(name = "private_jwk", nullable = false)
    private String privateJwk;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SigningKey() {
    }

    SigningKey(String kid, String privateJwk, Instant createdAt) {
        this.kid = kid;
        this.privateJwk = privateJwk;
        this.createdAt = createdAt;
    }

    String privateJwk() {
        return privateJwk;
    }
}

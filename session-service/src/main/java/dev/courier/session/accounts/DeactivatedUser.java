package dev.courier.session.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code deactivated_user}: an account auth-service deactivated. Written only by an upsert. */
@Entity
@Table(name = "deactivated_user")
class DeactivatedUser {

    @Id
    @Column(name = "user_id")
    private String userId;

    @Column(name = "deactivated_at", nullable = false)
    private Instant deactivatedAt;

    protected DeactivatedUser() {
    }
}

package dev.courier.auth.account;

import dev.courier.contracts.api.UserView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
class UserAccount {

    @Id
    private UUID id;

    @Column(nullable = false, length = 16)
    private String phone;

    @Column(name = "password_hash", nullable = false, length = 100)
    private String passwordHash;

    @Column(name = "display_name", nullable = false, length = 64)
    private String displayName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "deactivated_at")
    private Instant deactivatedAt;

    protected UserAccount() {
    }

    UserAccount(UUID id, String phone, String passwordHash, String displayName, Instant createdAt) {
        this.id = id;
        this.phone = phone;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.createdAt = createdAt;
    }

    UUID id() {
        return id;
    }

    String passwordHash() {
        return passwordHash;
    }

    boolean active() {
        return deactivatedAt == null;
    }

    /** @return false if it was already deactivated */
    boolean deactivate(Instant at) {
        if (!active()) {
            return false;
        }
        deactivatedAt = at;
        return true;
    }

    /** What the public lookups show: no {@code active} flag (they never show an inactive account). */
    UserView publicView() {
        return new UserView(id.toString(), phone, displayName, null);
    }

    /** What other services see through the internal lookup. */
    UserView internalView() {
        return new UserView(id.toString(), phone, displayName, active());
    }
}

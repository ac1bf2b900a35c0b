package dev.courier.auth.account;

import dev.courier.contracts.api.MyProfile;
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

    @Column(length = 140)
    private String about;

    @Column(length = 254)
    private String email;

    @Column(length = 100)
    private String location;

    @Column(name = "profile_photo", length = 64)
    private String profilePhoto;

    protected UserAccount() {
    }

    String phone() {
        return phone;
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

    String email() {
        return email;
    }

    /**
     * Applies a validated change: each field present is set (null clears it); the others stay. The display name is
     * never null here (the validation refuses clearing it).
     */
    void change(ProfileChange change) {
        change.values().forEach((field, value) -> {
            switch (field) {
                case DISPLAY_NAME -> displayName = value;
                case ABOUT -> about = value;
                case EMAIL -> email = value;
                case LOCATION -> location = value;
                case PROFILE_PHOTO -> profilePhoto = value;
            }
        });
    }

    /**
     * What the public lookups show, before privacy is applied: no {@code active} flag (they never show an inactive
     * account), never email or location.
     */
    UserView publicView() {
        return new UserView(id.toString(), phone, displayName, null, about, profilePhoto);
    }

    /** The user's own view: everything. */
    MyProfile ownView() {
        return new MyProfile(id.toString(), phone, displayName, about, email, location, profilePhoto);
    }

    /** What other services see through the internal lookup. */
    UserView internalView() {
        return new UserView(id.toString(), phone, displayName, active());
    }
}

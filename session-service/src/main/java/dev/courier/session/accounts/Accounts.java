package dev.courier.session.accounts;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;

/**
 * Which accounts are deactivated, as auth-service announced on {@code courier.accounts}. A deactivated user's
 * commands are refused, and nobody can send to it.
 */
@Service
public class Accounts {

    private final DeactivatedUserRepository deactivated;
    private final UserDirectory directory;

    Accounts(DeactivatedUserRepository deactivated, UserDirectory directory) {
        this.deactivated = deactivated;
        this.directory = directory;
    }

    @Transactional(readOnly = true)
    public boolean isDeactivated(String userId) {
        return deactivated.existsById(userId);
    }

    /** Records the deactivation and forgets any cached lookup of the user. */
    @Transactional
    public void deactivated(String userId, Instant at) {
        deactivated.record(userId, at);
        directory.evict(userId);
    }
}

package dev.courier.auth.account;

import dev.courier.contracts.api.MyProfile;
import dev.courier.contracts.api.UserView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The user accounts: registration, credential checks, lookups and deactivation. A deactivated account keeps its
 * row (and id) but no longer logs in and is not found by the public lookups.
 */
@Service
public class Accounts {

    /** An E.164 phone number: {@code +}, country code, subscriber number; 7 to 15 digits. */
    public static final String PHONE_PATTERN = "^\\+[1-9]\\d{6,14}$";

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final UserAccountRepository users;
    private final Passwords passwords;
    private final Clock clock;
    private final Counter registrations;

    Accounts(UserAccountRepository users, Passwords passwords, Clock clock, MeterRegistry meters) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.registrations = meters.counter("courier.auth.registrations");
    }

    /**
     * Creates an account.
     *
     * @return the new user id
     * @throws ResponseStatusException 409 if an active account already has this phone number
     */
    public UUID register(String phone, String password, String displayName) {
        if (users.existsByPhoneAndDeactivatedAtIsNull(phone)) {
            log.info("Registration refused: an active account has this number");
            throw phoneTaken();
        }
        var account = new UserAccount(UUID.randomUUID(), phone, passwords.hash(password), displayName, clock.instant());
        try {
            users.saveAndFlush(account);
        } catch (DataIntegrityViolationException e) {
            // Another registration of the same number won the race: the unique index said no. Anything else the
            // database refused is not the caller's conflict, and must not be reported as one.
            if (users.existsByPhoneAndDeactivatedAtIsNull(phone)) {
                log.info("Registration refused: the number was registered meanwhile");
                throw phoneTaken();
            }
            throw e;
        }
        registrations.increment();
        log.info("Registered user {}", account.id());
        return account.id();
    }

    /**
     * Checks a phone number and password. Takes about one BCrypt check whether or not the number is known, so the
     * answer's timing does not tell which numbers have accounts.
     *
     * @return the user id if an active account has this phone number and password
     */
    // Not transactional: the slow BCrypt check should not hold a database connection.
    public Optional<UUID> authenticate(String phone, String password) {
        return users.findByPhoneAndDeactivatedAtIsNull(phone)
                .map(account -> passwords.matches(password, account.passwordHash()) ? account.id() : null)
                .or(() -> {
                    passwords.matchNobody(password);
                    return Optional.empty();
                });
    }

    /** Marks the account deactivated; idempotent. Joins the caller's transaction. */
    @Transactional
    public void deactivate(UUID userId) {
        users.findById(userId)
                .filter(account -> account.deactivate(clock.instant()))
                .ifPresent(account -> log.info("Deactivated user {}", userId));
    }

    /** The user's own profile, every field; empty if the account is unknown or deactivated. */
    @Transactional(readOnly = true)
    public Optional<MyProfile> ownProfile(String userId) {
        return parse(userId).flatMap(users::findById).filter(UserAccount::active).map(UserAccount::ownView);
    }

    /**
     * Applies a validated profile change in one transaction: all of it, or nothing.
     *
     * @return the profile after the change
     * @throws ResponseStatusException 404 if the account is unknown or deactivated; 409 if another active account
     *                                 has the email
     */
    @Transactional
    public MyProfile changeProfile(String userId, ProfileChange change) {
        UserAccount account = parse(userId).flatMap(users::findById).filter(UserAccount::active)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user"));
        String email = change.get(ProfileField.EMAIL);
        if (email != null && !email.equals(account.email())
                && users.existsByEmailAndDeactivatedAtIsNullAndIdNot(email, account.id())) {
            throw emailTaken();
        }
        account.change(change);
        try {
            users.saveAndFlush(account);
        } catch (DataIntegrityViolationException e) {
            // Another account took the email meanwhile: the unique index said no (and the transaction rolls back).
            throw emailTaken();
        }
        log.info("User {} changed its profile ({})", userId, change.values().keySet());
        return account.ownView();
    }

    @Transactional(readOnly = true)
    Optional<UserView> findActive(String userId) {
        return parse(userId).flatMap(users::findById).filter(UserAccount::active).map(UserAccount::publicView);
    }

    @Transactional(readOnly = true)
    Optional<UserView> findActiveByPhone(String phone) {
        return users.findByPhoneAndDeactivatedAtIsNull(phone).map(UserAccount::publicView);
    }

    @Transactional(readOnly = true)
    Optional<UserView> findAny(String userId) {
        return parse(userId).flatMap(users::findById).map(UserAccount::internalView);
    }

    private static Optional<UUID> parse(String userId) {
        try {
            return Optional.of(UUID.fromString(userId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ResponseStatusException emailTaken() {
        return new ResponseStatusException(HttpStatus.CONFLICT, "This email is used by another account");
    }

    private static ResponseStatusException phoneTaken() {
        return new ResponseStatusException(HttpStatus.CONFLICT, "This phone number is already registered");
    }
}

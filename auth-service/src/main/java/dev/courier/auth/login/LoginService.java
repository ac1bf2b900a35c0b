package dev.courier.auth.login;

import dev.courier.contracts.api.TokenResponse;
import dev.courier.auth.account.Accounts;
import dev.courier.auth.token.AccessTokens;
import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.DeviceLoggedOut;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.courier.support.security.RevokedTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Logging in and out: tokens for a user's device, their rotation, and account deactivation (which ends every
 * session of the account). Events go to Kafka after the database change is committed.
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final Accounts accounts;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final AccountEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectProvider<RevokedTokens> revokedTokens;

    LoginService(Accounts accounts, AccessTokens accessTokens, RefreshTokens refreshTokens, LoginThrottle throttle,
                 AccountEvents events, TransactionTemplate transactions, Clock clock, MeterRegistry meters,
                 ObjectProvider<RevokedTokens> revokedTokens) {
        this.revokedTokens = revokedTokens;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param deviceId      the client's device id, or null for a new one
     * @param clientAddress where the request came from (behind the gateway: the client's, from X-Forwarded-For)
     * @throws LoginThrottledException 429 while a backoff after failures for this phone or address is running
     * @throws ResponseStatusException 401 on a wrong phone number or password, or a deactivated account
     */
    TokenResponse login(String phone, String password, String deviceId, String clientAddress) {
        throttle.tryAttempt(phone, clientAddress).ifPresent(wait -> {
            count("courier.auth.logins", "throttled");
            log.info("Login throttled for phone ending {}", phone.substring(phone.length() - 2));
            throw new LoginThrottledException(wait);
        });
        UUID userId = accounts.authenticate(phone, password).orElseThrow(() -> {
            count("courier.auth.logins", "bad_credentials");
            return unauthorized("Wrong phone number or password");
        });
        throttle.succeeded(phone, clientAddress);
        String device = deviceId != null ? deviceId : UUID.randomUUID().toString();
        count("courier.auth.logins", "success");
        log.info("User {} logged in on device {}", userId, device);
        return tokens(userId, device, refreshTokens.issue(userId, device));
    }

    /**
     * A spent token presented again means two parties hold it: besides its refresh tokens (revoked by the rotation),
     * the device is logged out, so the access tokens either party got die too and its sockets close.
     *
     * @throws ResponseStatusException 401 if the token is unknown, expired, revoked or already spent
     */
    TokenResponse refresh(String refreshToken) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refreshToken);
        if (rotation instanceof RefreshTokens.Rotated rotated) {
            count("courier.auth.refreshes", "rotated");
            return tokens(rotated.userId(), rotated.deviceId(), rotated.refreshToken());
        }
        var refused = (RefreshTokens.Refused) rotation;
        count("courier.auth.refreshes", refused.reason().name().toLowerCase());
        if (refused.reason() == RefreshTokens.Reason.REUSED) {
            logout(refused.userId().toString(), refused.deviceId());
        }
        throw unauthorized("Refresh token is not valid");
    }

    /**
     * Revokes the device's refresh tokens and its access tokens issued so far (here at once; in every other service
     * and gateway when they read the event, which also closes its sockets). Idempotent.
     */
    void logout(String userId, String deviceId) {
        int revoked = refreshTokens.revokeDevice(UUID.fromString(userId), deviceId);
        Instant at = clock.instant();
        revokedTokens.ifAvailable(tokens -> tokens.revokeDevice(userId, deviceId, at));
        log.info("User {} logged out device {} ({} refresh token(s) revoked)", userId, deviceId, revoked);
        events.publish(userId, new DeviceLoggedOut(UUID.randomUUID(), at, userId, deviceId));
        count("courier.auth.logouts", "done");
    }

    /** Deactivates the account and revokes all its refresh tokens, then announces it. Idempotent. */
    void deactivate(String userId) {
        UUID id = UUID.fromString(userId);
        transactions.executeWithoutResult(status -> {
            accounts.deactivate(id);
            refreshTokens.revokeAll(id);
        });
        Instant at = clock.instant();
        revokedTokens.ifAvailable(tokens -> tokens.revokeUser(userId, at));
        events.publish(userId, new AccountDeactivated(UUID.randomUUID(), at, userId));
        count("courier.auth.deactivations", "done");
    }

    private TokenResponse tokens(UUID userId, String deviceId, String refreshToken) {
        var access = accessTokens.issue(userId.toString(), deviceId);
        return new TokenResponse(userId.toString(), access.value(), refreshToken, access.ttl().toSeconds());
    }

    private void count(String name, String outcome) {
        meters.counter(name, "outcome", outcome).increment();
    }

    private static ResponseStatusException unauthorized(String detail) {
        return new ResponseStatusException(HttpStatus.UNAUTHORIZED, detail);
    }
}

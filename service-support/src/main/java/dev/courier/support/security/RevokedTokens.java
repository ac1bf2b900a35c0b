package dev.courier.support.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens revoked before they expire: every token of a device issued before its logout, every token of a user
 * issued before its account was deactivated. Fed by {@code courier.accounts} ({@link RevocationListener}), checked
 * on every request by {@link RevokedTokenValidator}. In memory; each entry is kept for {@code retention} (longer than
 * any access token lives) and then forgotten. Thread-safe.
 *
 * <p>A token's issue time is its {@value #ISSUED_AT_MILLIS_CLAIM} claim (milliseconds, written by auth-service) when
 * present, so that a logout and a login in the same second are told apart; otherwise {@code iat}, and a token issued
 * within the second of a revocation counts as revoked.
 */
public class RevokedTokens {

    /** Milliseconds since the epoch at which auth-service issued the token ({@code iat} has whole seconds only). */
    public static final String ISSUED_AT_MILLIS_CLAIM = "iat_ms";

    private static final String ALL_DEVICES = "\u0000all";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Map<Key, Instant> revokedBefore = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Clock clock;
    private volatile Instant lastPurge;

    public RevokedTokens(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.lastPurge = clock.instant();
    }

    private record Key(String userId, String deviceId) {
    }

    /** Tokens of this device issued before {@code at} are revoked (a logout). */
    public void revokeDevice(String userId, String deviceId, Instant at) {
        revoke(new Key(userId, deviceId), at);
    }

    /** Tokens of this user, on any device, issued before {@code at} are revoked (a deactivation). */
    public void revokeUser(String userId, Instant at) {
        revoke(new Key(userId, ALL_DEVICES), at);
    }

    /** Whether this verified token was revoked. */
    public boolean isRevoked(Jwt jwt) {
        String userId = jwt.getSubject();
        if (userId == null || revokedBefore.isEmpty()) {
            return false;
        }
        String deviceId = jwt.getClaimAsString(AuthenticatedUser.DEVICE_CLAIM);
        return covers(revokedBefore.get(new Key(userId, ALL_DEVICES)), jwt)
                || (deviceId != null && covers(revokedBefore.get(new Key(userId, deviceId)), jwt));
    }

    int size() {
        return revokedBefore.size();
    }

    private void revoke(Key key, Instant at) {
        Instant now = clock.instant();
        if (at.plus(retention).isBefore(now)) {
            return; // every token it could concern has expired
        }
        revokedBefore.merge(key, at, (old, added) -> added.isAfter(old) ? added : old);
        if (lastPurge.plus(PURGE_INTERVAL).isBefore(now)) {
            lastPurge = now;
            revokedBefore.values().removeIf(revokedAt -> revokedAt.plus(retention).isBefore(now));
        }
    }

    private static boolean covers(Instant revokedAt, Jwt jwt) {
        if (revokedAt == null) {
            return false;
        }
        Object millis = jwt.getClaims().get(ISSUED_AT_MILLIS_CLAIM);
        if (millis instanceof Number number) {
            return number.longValue() < revokedAt.toEpochMilli();
        }
        Instant issuedAt = jwt.getIssuedAt();
        // Whole seconds only: anything issued up to the end of the revocation's second is revoked.
        return issuedAt == null || issuedAt.getEpochSecond() <= revokedAt.getEpochSecond();
    }

    @Override
    public String toString() {
        return "RevokedTokens[" + revokedBefore.size() + " entries, retention " + retention + "]";
    }
}

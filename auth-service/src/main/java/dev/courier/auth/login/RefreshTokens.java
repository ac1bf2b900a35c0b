package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Refresh tokens: 256 random bits, URL-safe base64, stored as their SHA-256. Each works once: refreshing spends it
 * and issues the next. Presenting a spent token again means two parties hold it (one of them stole it), so every
 * token of that device is revoked and the device must log in again. Revoked tokens are deleted; spent ones stay
 * until they expire, so that their reuse is recognised.
 */
@Component
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    private final RefreshTokenRepository tokens;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(RefreshTokenRepository tokens, Clock clock, AuthProperties properties) {
        this.tokens = tokens;
        this.clock = clock;
        this.ttl = properties.refreshTokenTtl();
    }

    /** What a refresh came to. */
    sealed interface Rotation {
    }

    /** The token was spent; {@code refreshToken} is its successor for the same user and device. */
    record Rotated(UUID userId, String deviceId, String refreshToken) implements Rotation {
    }

    /**
     * Refused: unknown (or revoked), expired, or reused (the device's tokens are now revoked; {@code userId} and
     * {@code deviceId} name the device, null for the other reasons).
     */
    record Refused(Reason reason, UUID userId, String deviceId) implements Rotation {

        Refused(Reason reason) {
            this(reason, null, null);
        }
    }

    enum Reason { UNKNOWN, EXPIRED, REUSED }

    /** @return a new refresh token for this user's device */
    @Transactional
    String issue(UUID userId, String deviceId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var now = clock.instant();
        tokens.save(new RefreshToken(hash(token), userId, deviceId, now, now.plus(ttl)));
        return token;
    }

    /** Spends {@code presented} and issues its successor, or says why not. Commits either way. */
    @Transactional
    Rotation rotate(String presented) {
        String hash = hash(presented);
        var stored = tokens.findById(hash).orElse(null);
        if (stored == null) {
            return new Refused(Reason.UNKNOWN);
        }
        if (!stored.expiresAt().isAfter(clock.instant())) {
            return new Refused(Reason.EXPIRED);
        }
        // markSpent also settles a race between two refreshes with the same token: only one of them spends it.
        if (stored.spent() || tokens.markSpent(hash) == 0) {
            int revoked = tokens.deleteDevice(stored.userId(), stored.deviceId());
            log.warn("Spent refresh token reused for user {} device {}: revoked the device's {} token(s)",
                    stored.userId(), stored.deviceId(), revoked);
            return new Refused(Reason.REUSED, stored.userId(), stored.deviceId());
        }
        return new Rotated(stored.userId(), stored.deviceId(), issue(stored.userId(), stored.deviceId()));
    }

    @Transactional
    int revokeDevice(UUID userId, String deviceId) {
        return tokens.deleteDevice(userId, deviceId);
    }

    @Transactional
    int revokeAll(UUID userId) {
        return tokens.deleteUser(userId);
    }

    /** Expired tokens are useless, spent or not; every instance may run this, deleting twice is harmless. */
    @Scheduled(initialDelay = 1, fixedDelay = 60, timeUnit = TimeUnit.MINUTES)
    @Transactional
    public void purgeExpired() {
        int purged = tokens.deleteExpired(clock.instant());
        if (purged > 0) {
            log.info("Purged {} expired refresh token(s)", purged);
        }
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

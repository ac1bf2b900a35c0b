package dev.courier.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RevokedTokensTest {

    private static final Instant T = Instant.parse("2026-01-01T10:00:00.500Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final RevokedTokens revoked = new RevokedTokens(Duration.ofHours(1), clock);
    private final RevokedTokenValidator validator = new RevokedTokenValidator(revoked);

    @Test
    void aLogoutRevokesTheDevicesTokensIssuedBeforeItOnly() {
        revoked.revokeDevice("alice", "phone", T);

        assertThat(revoked.isRevoked(token("alice", "phone", T.minusMillis(1)))).isTrue();
        assertThat(revoked.isRevoked(token("alice", "phone", T.plusMillis(1)))).as("a new login after it").isFalse();
        assertThat(revoked.isRevoked(token("alice", "laptop", T.minusSeconds(60)))).as("another device").isFalse();
        assertThat(revoked.isRevoked(token("bob", "phone", T.minusSeconds(60)))).as("another user").isFalse();
    }

    @Test
    void aDeactivationRevokesEveryDeviceOfTheUser() {
        revoked.revokeUser("alice", T);

        assertThat(revoked.isRevoked(token("alice", "phone", T.minusSeconds(5)))).isTrue();
        assertThat(revoked.isRevoked(token("alice", "laptop", T.minusSeconds(5)))).isTrue();
        assertThat(revoked.isRevoked(token("alice", null, T.minusSeconds(5)))).isTrue();
        assertThat(revoked.isRevoked(token("bob", "phone", T.minusSeconds(5)))).isFalse();
    }

    @Test
    void withoutMillisecondsATokenFromTheSecondOfTheRevocationCountsAsRevoked() {
        revoked.revokeDevice("alice", "phone", T);

        assertThat(revoked.isRevoked(secondsOnly("alice", "phone", T.minusSeconds(1)))).isTrue();
        assertThat(revoked.isRevoked(secondsOnly("alice", "phone", T.plusMillis(300)))).isTrue();
        assertThat(revoked.isRevoked(secondsOnly("alice", "phone", T.plusSeconds(1)))).isFalse();
    }

    @Test
    void theValidatorFailsARevokedTokenAsInvalid() {
        revoked.revokeUser("alice", T);

        var result = validator.validate(token("alice", "phone", T.minusSeconds(1)));
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.getErrors()).first().satisfies(e -> assertThat(e.getErrorCode()).isEqualTo("invalid_token"));
        assertThat(validator.validate(token("bob", "phone", T.minusSeconds(1))).hasErrors()).isFalse();
    }

    @Test
    void revocationsAreForgottenAfterTheRetentionAndOldOnesAreNotKept() {
        revoked.revokeDevice("alice", "phone", T);
        revoked.revokeDevice("old", "phone", T.minus(Duration.ofHours(2)));
        assertThat(revoked.size()).isEqualTo(1);

        now.set(T.plus(Duration.ofMinutes(90)));
        revoked.revokeDevice("bob", "phone", now.get());

        assertThat(revoked.size()).as("alice's entry purged").isEqualTo(1);
        assertThat(revoked.isRevoked(token("bob", "phone", now.get().minusSeconds(1)))).isTrue();
    }

    @Test
    void aLaterRevocationOfTheSameDeviceWins() {
        revoked.revokeDevice("alice", "phone", T.plusSeconds(10));
        revoked.revokeDevice("alice", "phone", T);

        assertThat(revoked.isRevoked(token("alice", "phone", T.plusSeconds(5)))).isTrue();
    }

    private static Jwt token(String user, String device, Instant issuedAt) {
        Jwt.Builder builder = base(user, device, issuedAt).claim(RevokedTokens.ISSUED_AT_MILLIS_CLAIM,
                issuedAt.toEpochMilli());
        return builder.build();
    }

    private static Jwt secondsOnly(String user, String device, Instant issuedAt) {
        return base(user, device, issuedAt).build();
    }

    private static Jwt.Builder base(String user, String device, Instant issuedAt) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject(user)
                .issuedAt(Instant.ofEpochSecond(issuedAt.getEpochSecond()))
                .expiresAt(issuedAt.plusSeconds(900));
        if (device != null) {
            builder.claim(AuthenticatedUser.DEVICE_CLAIM, device);
        }
        return builder;
    }
}

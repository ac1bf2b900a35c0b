package dev.courier.auth.login;

import dev.courier.auth.AuthProperties;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.test.util.ReflectionTestUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RefreshTokensTest {

    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    private static final UUID USER = UUID.randomUUID();
    private static final String DEVICE = "phone-1";

    private final RefreshTokenRepository repository = mock(RefreshTokenRepository.class);
    private final RefreshTokens tokens = new RefreshTokens(repository, Clock.fixed(NOW, ZoneOffset.UTC),
            new AuthProperties("courier", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofSeconds(10),
                    new AuthProperties.LoginThrottle(5, 20, 50, Duration.ofSeconds(1), Duration.ofSeconds(60),
                            Duration.ofMinutes(5), Duration.ofMinutes(15)),
                    new AuthProperties.Registrations(10, 10), java.util.List.of(), 10));

    @Test
    void issuesA256BitUrlSafeTokenAndStoresOnlyItsHash() {
        String token = tokens.issue(USER, DEVICE);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        RefreshToken stored = saved();
        assertThat(stored.tokenHash()).isEqualTo(RefreshTokens.hash(token)).isNotEqualTo(token).hasSize(64);
        assertThat(stored.userId()).isEqualTo(USER);
        assertThat(stored.deviceId()).isEqualTo(DEVICE);
        assertThat(stored.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(stored.spent()).isFalse();
    }

    @Test
    void rotationSpendsTheTokenAndIssuesASuccessorForTheSameDevice() {
        String presented = "presented-token";
        storedToken(presented, false, NOW.plusSeconds(60));
        when(repository.markSpent(RefreshTokens.hash(presented))).thenReturn(1);

        var rotation = tokens.rotate(presented);

        assertThat(rotation).isInstanceOfSatisfying(RefreshTokens.Rotated.class, rotated -> {
            assertThat(rotated.userId()).isEqualTo(USER);
            assertThat(rotated.deviceId()).isEqualTo(DEVICE);
            assertThat(rotated.refreshToken()).isNotEqualTo(presented);
            assertThat(saved().tokenHash()).isEqualTo(RefreshTokens.hash(rotated.refreshToken()));
        });
        verify(repository).markSpent(RefreshTokens.hash(presented));
        verify(repository, never()).deleteDevice(any(), anyString());
    }

    @Test
    void reusingASpentTokenRevokesEveryTokenOfTheDevice() {
        String presented = "spent-token";
        storedToken(presented, true, NOW.plusSeconds(60));

        assertThat(tokens.rotate(presented))
                .isEqualTo(new RefreshTokens.Refused(RefreshTokens.Reason.REUSED, USER, DEVICE));
        verify(repository).deleteDevice(USER, DEVICE);
        verify(repository, never()).save(any());
    }

    @Test
    void losingTheRaceToSpendATokenCountsAsReuse() {
        String presented = "raced-token";
        storedToken(presented, false, NOW.plusSeconds(60));
        when(repository.markSpent(RefreshTokens.hash(presented))).thenReturn(0);

        assertThat(tokens.rotate(presented))
                .isEqualTo(new RefreshTokens.Refused(RefreshTokens.Reason.REUSED, USER, DEVICE));
        verify(repository).deleteDevice(USER, DEVICE);
        verify(repository, never()).save(any());
    }

    @Test
    void anExpiredTokenIsRefusedWithoutRevokingTheDevice() {
        String presented = "old-token";
        storedToken(presented, false, NOW);

        assertThat(tokens.rotate(presented)).isEqualTo(new RefreshTokens.Refused(RefreshTokens.Reason.EXPIRED));
        verify(repository, never()).markSpent(anyString());
        verify(repository, never()).deleteDevice(any(), anyString());
        verify(repository, never()).save(any());
    }

    @Test
    void anUnknownTokenIsRefused() {
        when(repository.findById(anyString())).thenReturn(Optional.empty());

        assertThat(tokens.rotate("made-up")).isEqualTo(new RefreshTokens.Refused(RefreshTokens.Reason.UNKNOWN));
        verify(repository, never()).save(any());
    }

    private void storedToken(String token, boolean spent, Instant expiresAt) {
        var stored = new RefreshToken(RefreshTokens.hash(token), USER, DEVICE, NOW.minusSeconds(600), expiresAt);
        if (spent) {
            ReflectionTestUtils.setField(stored, "spent", true);
        }
        when(repository.findById(RefreshTokens.hash(token))).thenReturn(Optional.of(stored));
    }

    private RefreshToken saved() {
        var captor = ArgumentCaptor.forClass(RefreshToken.class);
        verify(repository).save(captor.capture());
        return captor.getValue();
    }
}

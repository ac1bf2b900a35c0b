package dev.courier.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * auth-service configuration ({@code courier.auth.*}).
 *
 * @param issuer          the {@code iss} claim of access tokens
 * @param accessTokenTtl  how long an access token is valid
 * @param refreshTokenTtl how long a refresh token is valid (each rotation starts a new one)
 * @param publishTimeout  how long a request waits for Kafka to acknowledge an account event
 * @param loginThrottle   failed-login throttling per phone number
 */
@ConfigurationProperties("courier.auth")
@Validated
public record AuthProperties(
        @DefaultValue("courier") @NotBlank String issuer,
        @DefaultValue("15m") @NotNull Duration accessTokenTtl,
        @DefaultValue("30d") @NotNull Duration refreshTokenTtl,
        @DefaultValue("10s") @NotNull Duration publishTimeout,
        @DefaultValue @NotNull @Valid LoginThrottle loginThrottle) {

    /**
     * @param maxFailures failed logins for one phone number allowed within {@code window}; the next attempt is
     *                    refused with 429 until the oldest failure is older than the window
     * @param window      the sliding window failures are counted in
     */
    public record LoginThrottle(
            @DefaultValue("5") @Min(1) int maxFailures,
            @DefaultValue("5m") @NotNull Duration window) {
    }
}

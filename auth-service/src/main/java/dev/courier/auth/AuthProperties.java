package dev.courier.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * auth-service configuration ({@code courier.auth.*}).
 *
 * @param issuer          the {@code iss} claim of access tokens
 * @param accessTokenTtl  how long an access token is valid
 * @param refreshTokenTtl how long a refresh token is valid (each rotation starts a new one)
 * @param publishTimeout  how long a request waits for Kafka to acknowledge an account event
 * @param loginThrottle   failed-login throttling per phone number
 * @param lastSeenUrl     base URL of last-seen-service, whose {@code /internal/visibility/{ownerId}} says what of a
 *                        profile a viewer may see (privacy settings live there)
 * @param mediaUrl        base URL of media-service, whose {@code /internal/media/{mediaId}} names a media's uploader
 *                        (a profile photo must be the user's own upload)
 * @param lookupTimeout   connect and read timeout of those two calls
 * @param adminPhones     operators' phone numbers: their access tokens carry the {@code admin} scope (delivery
 *                        timelines); empty by default
 * @param passwordHashStrength BCrypt's log2 rounds (10 by default, about 70 ms a hash here); a benchmark that
 *                        registers thousands of users may lower it, a production deployment may raise it
 */
@ConfigurationProperties("courier.auth")
@Validated
public record AuthProperties(
        @DefaultValue("courier") @NotBlank String issuer,
        @DefaultValue("15m") @NotNull Duration accessTokenTtl,
        @DefaultValue("30d") @NotNull Duration refreshTokenTtl,
        @DefaultValue("10s") @NotNull Duration publishTimeout,
        @DefaultValue @NotNull @Valid LoginThrottle loginThrottle,
        @DefaultValue("http://localhost:8086") @NotNull URI lastSeenUrl,
        @DefaultValue("http://localhost:8087") @NotNull URI mediaUrl,
        @DefaultValue("2s") @NotNull Duration lookupTimeout,
        @DefaultValue @NotNull List<String> adminPhones,
        @DefaultValue("10") @Min(4) @Max(31) int passwordHashStrength) {

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

package dev.courier.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * auth-service configuration ({@code courier.auth.*}).
 *
 * @param issuer          the {@code iss} claim of access tokens
 * @param accessTokenTtl  how long an access token is valid
 * @param refreshTokenTtl how long a refresh token is valid (each rotation starts a new one)
 * @param publishTimeout  how long a request waits for Kafka to acknowledge an account event
 * @param loginThrottle   failed-login throttling: backoff per phone and address, per phone, per address
 * @param registrations   registrations per client address
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
        @DefaultValue @NotNull @Valid Registrations registrations,
        @DefaultValue @NotNull List<String> adminPhones,
        @DefaultValue("10") @Min(4) @Max(31) int passwordHashStrength) {

    /**
     * Exponential backoff, never a flat lock: after the free failures of a key, each further attempt must wait
     * {@code firstDelay} doubled per failure beyond them, up to the key's cap; a success forgives the phone's failures.
     *
     * @param freeFailures        failures of one phone from one client address before any wait
     * @param accountFreeFailures failures of one phone from all addresses together (a distributed guesser)
     * @param addressFreeFailures failures from one address over all phones (one address trying many accounts)
     * @param firstDelay          the first wait; doubled by each failure after it
     * @param maxDelay            the longest wait for a phone (with or without its address): its owner, even from the
     *                            guesser's own address, waits no longer than this between tries
     * @param addressMaxDelay     the longest wait for an address trying many phones
     * @param forgetAfter         a key's failures are forgotten after this long without a new one
     */
    public record LoginThrottle(
            @DefaultValue("5") @Min(1) int freeFailures,
            @DefaultValue("20") @Min(1) int accountFreeFailures,
            @DefaultValue("50") @Min(1) int addressFreeFailures,
            @DefaultValue("1s") @NotNull Duration firstDelay,
            @DefaultValue("60s") @NotNull Duration maxDelay,
            @DefaultValue("5m") @NotNull Duration addressMaxDelay,
            @DefaultValue("15m") @NotNull Duration forgetAfter) {
    }

    /**
     * A token bucket per client address: {@code burst} registrations at once, refilled by {@code perHour}.
     * Tools that register thousands of users from one address (the local stack, load tests) raise both.
     */
    public record Registrations(
            @DefaultValue("10") @Min(1) long burst,
            @DefaultValue("10") @Min(1) long perHour) {
    }
}

package dev.courier.lastseen;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * last-seen-service settings ({@code courier.lastseen.*}, env {@code COURIER_LASTSEEN_…}).
 *
 * @param writeInterval    a user's last seen is written to the database at most once per interval (plus once when
 *                         the user goes offline); between writes it lives in memory
 * @param offlineGrace     how long a user whose last foreground device disconnected still counts as online: a
 *                         foreground reconnect within it pushes no offline/online pair
 * @param lookupCacheTtl   how long a user found by the lookup is remembered
 * @param maxSubscriptions most users one subscriber may watch
 * @param idleEviction     a user offline, written and untouched for this long leaves memory (reloaded on demand)
 * @param sessions         the lease of device sessions: how long a gateway may go without a heartbeat
 */
@ConfigurationProperties("courier.lastseen")
@Validated
public record LastSeenProperties(
        @NotNull @DefaultValue("10s") Duration writeInterval,
        @NotNull @DefaultValue("5s") Duration offlineGrace,
        @NotNull @DefaultValue("30s") Duration lookupCacheTtl,
        @Min(1) @Max(100_000) @DefaultValue("1024") int maxSubscriptions,
        @NotNull @DefaultValue("10m") Duration idleEviction,
        @Valid @NotNull @DefaultValue Sessions sessions) {

    /**
     * @param lease         a gateway that sent no {@code GatewayHeartbeat} for longer (by this service's clock) is
     *                      dead, and its sessions go offline; so does a session of a gateway never heard of once it
     *                      is older than this
     * @param sweepInterval how often dead gateways' sessions are looked for
     */
    public record Sessions(
            @NotNull @DefaultValue("30s") Duration lease,
            @NotNull @DefaultValue("5s") Duration sweepInterval) {
    }
}

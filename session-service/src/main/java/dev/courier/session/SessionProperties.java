package dev.courier.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * session-service's configuration ({@code courier.session.*}).
 *
 * @param lookupCacheTtl   how long an active user found by the lookup is remembered (deactivation evicts it at once)
 * @param lookupCacheSize  how many users the lookup cache holds at most
 * @param sessions         the lease of device sessions: how long a gateway may go without a heartbeat
 * @param stateCacheTtl    how long this instance trusts its in-memory "session closed?" answers and deactivated
 *                         users before reading the database again; its own writes update them at once, so this
 *                         only bounds how late it sees another instance's writes
 */
@ConfigurationProperties("courier.session")
@Validated
public record SessionProperties(
        @DefaultValue("30s") @NotNull Duration lookupCacheTtl,
        @DefaultValue("100000") @Min(1) long lookupCacheSize,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @DefaultValue("30s") @NotNull Duration stateCacheTtl) {

    /**
     * @param lease         a gateway that sent no {@code GatewayHeartbeat} for longer (by this service's clock) is
     *                      dead, and its sessions are closed; a session of a gateway never heard of is closed once
     *                      it is older than this
     * @param sweepInterval how often dead gateways' sessions are looked for
     */
    public record Sessions(
            @NotNull @DefaultValue("30s") Duration lease,
            @NotNull @DefaultValue("5s") Duration sweepInterval) {
    }
}

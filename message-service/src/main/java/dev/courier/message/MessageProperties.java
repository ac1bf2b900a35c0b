package dev.courier.message;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * message-service settings ({@code courier.message.*}).
 *
 * @param retry       how pending deliveries are resent to online recipients
 * @param timeToLive  a message that no recipient acknowledged within this time is destroyed and its sender told
 * @param expiry      how often and in what batches the time-to-live job runs
 * @param metrics     how often the pending-delivery gauges are refreshed
 * @param sessions    the lease of device sessions: how long a gateway may go without a heartbeat
 * @param disappearing disappearing-messages timers: the deletion job and the values the API accepts
 * @param actions     message actions (PROTOCOL.md v1.1): how long after sending a message may be edited or deleted
 */
@ConfigurationProperties("courier.message")
@Validated
public record MessageProperties(
        @Valid @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue("30d") Duration timeToLive,
        @Valid @NotNull @DefaultValue Expiry expiry,
        @Valid @NotNull @DefaultValue Metrics metrics,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Disappearing disappearing,
        @Valid @NotNull @DefaultValue Actions actions) {

    /**
     * @param initialBackoff wait after the first send before the first resend
     * @param maxBackoff     the wait doubles with each attempt up to this
     * @param scanInterval   how often the timer looks for due deliveries
     * @param batchSize      most deliveries resent per run (and per page of the flush on connect)
     */
    public record Retry(
            @NotNull @DefaultValue("5s") Duration initialBackoff,
            @NotNull @DefaultValue("5m") Duration maxBackoff,
            @NotNull @DefaultValue("1s") Duration scanInterval,
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSize) {
    }

    /**
     * @param scanInterval how often the job looks for messages past their time to live
     * @param batchSize    most messages destroyed per transaction
     */
    public record Expiry(
            @NotNull @DefaultValue("10s") Duration scanInterval,
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSize) {
    }

    /** @param refreshInterval how often the pending-delivery gauges are recomputed (not per scrape) */
    public record Metrics(@NotNull @DefaultValue("15s") Duration refreshInterval) {
    }

    /**
     * @param lease         a gateway that sent no {@code GatewayHeartbeat} for longer (by this service's clock) is
     *                      dead, and its sessions are removed; a session of a gateway never heard of is removed
     *                      once it is older than this
     * @param sweepInterval how often dead gateways' sessions are looked for
     */
    public record Sessions(
            @NotNull @DefaultValue("30s") Duration lease,
            @NotNull @DefaultValue("5s") Duration sweepInterval) {
    }

    /**
     * @param scanInterval     how often the job deletes the messages whose {@code expires_at} has passed (the lag
     *                         of a deletion is at most about this plus the time to work through a backlog)
     * @param batchSize        most messages deleted per transaction
     * @param allowAnySeconds  for tests only: accept any timer of 1 to 7776000 seconds, not only WhatsApp's three
     *                         values (24 hours, 7 days, 90 days)
     */
    public record Disappearing(
            @NotNull @DefaultValue("5s") Duration scanInterval,
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
            @DefaultValue("false") boolean allowAnySeconds) {
    }

    /**
     * @param editWindow   the sender may edit a text message until this long after its {@code sentAt}
     * @param deleteWindow the sender may delete a message for everyone until this long after its {@code sentAt} (a
     *                     group admin may delete any message of the group at any time)
     */
    public record Actions(
            @NotNull @DefaultValue("15m") Duration editWindow,
            @NotNull @DefaultValue("48h") Duration deleteWindow) {
    }
}

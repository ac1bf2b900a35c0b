package dev.courier.lastseen;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

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
 * @param push             Web Push to users with no connected device (ADR 009)
 */
@ConfigurationProperties("courier.lastseen")
@Validated
public record LastSeenProperties(
        @NotNull @DefaultValue("10s") Duration writeInterval,
        @NotNull @DefaultValue("5s") Duration offlineGrace,
        @NotNull @DefaultValue("30s") Duration lookupCacheTtl,
        @Min(1) @Max(100_000) @DefaultValue("1024") int maxSubscriptions,
        @NotNull @DefaultValue("10m") Duration idleEviction,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Push push) {

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

    /**
     * @param allowedHosts      push services a subscription's {@code https} endpoint may name: a host, or
     *                          {@code *.suffix} for any host under it; every other endpoint is refused (400)
     * @param allowLoopbackHttp also accept plain {@code http} endpoints on a loopback address (local stack, tests)
     * @param debounce          a push waits this long after the message that caused it, so a burst shares one push
     * @param timeToLive        the {@code TTL} header: how long the push service keeps an undelivered push
     * @param subject           the VAPID {@code sub} claim: how the push service can reach the operator
     * @param vapidPublicKey    the VAPID key pair when configured (base64url: the uncompressed point, and the 32-byte
     *                          scalar; both or neither, from the environment); otherwise one is generated once and
     *                          kept in the database
     * @param vapidPrivateKey   see {@code vapidPublicKey}; never logged
     * @param queueCapacity     most users waiting for a push, and most push requests waiting for a sender; beyond,
     *                          pushes are dropped and counted, the message path never waits
     * @param senders           threads sending push requests
     * @param requestTimeout    connect and answer timeout of one push request
     * @param initialBackoff    first wait before retrying a 429, 5xx or failed request; doubles up to
     *                          {@code maxBackoff} (or the push service's {@code Retry-After}, within the same cap)
     * @param maxBackoff        longest wait between two attempts
     * @param retryFor          no attempt starts later than this after the first
     */
    public record Push(
            @NotNull @DefaultValue({"fcm.googleapis.com", "updates.push.services.mozilla.com", "*.notify.windows.com",
                    "web.push.apple.com", "*.push.apple.com"}) List<String> allowedHosts,
            @DefaultValue("false") boolean allowLoopbackHttp,
            @NotNull @DefaultValue("1s") Duration debounce,
            @NotNull @DefaultValue("24h") Duration timeToLive,
            @NotNull @DefaultValue("mailto:ops@courier.invalid") String subject,
            String vapidPublicKey,
            String vapidPrivateKey,
            @Min(1) @DefaultValue("10000") int queueCapacity,
            @Min(1) @Max(256) @DefaultValue("4") int senders,
            @NotNull @DefaultValue("5s") Duration requestTimeout,
            @NotNull @DefaultValue("1s") Duration initialBackoff,
            @NotNull @DefaultValue("30s") Duration maxBackoff,
            @NotNull @DefaultValue("2m") Duration retryFor) {

        @Override
        public String toString() {
            // The private key stays out of any log line that prints the configuration.
            return "Push[allowedHosts=" + allowedHosts + ", allowLoopbackHttp=" + allowLoopbackHttp + ", debounce="
                    + debounce + ", queueCapacity=" + queueCapacity + ", senders=" + senders + "]";
        }
    }
}

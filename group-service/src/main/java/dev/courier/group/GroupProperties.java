package dev.courier.group;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.UUID;

/**
 * group-service configuration ({@code courier.group.*}).
 *
 * @param instanceId  names this instance in {@code X-Courier-Served-By}, {@code GroupMembers.servedBy}, the
 *                    {@code instance} tag of its metrics and its consumer group ({@code group-service-<id>});
 *                    unset, {@code group-} and a random suffix
 * @param maxMembers  the most members a group may have, its creator included (WhatsApp's 1,024)
 * @param outbox      the relay that publishes membership events
 * @param cache       the per-instance cache of members served to session-service
 */
@ConfigurationProperties("courier.group")
@Validated
public record GroupProperties(
        String instanceId,
        @DefaultValue("1024") @Min(1) int maxMembers,
        @DefaultValue @NotNull @Valid Outbox outbox,
        @DefaultValue @NotNull @Valid Cache cache) {

    public GroupProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "group-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /**
     * @param relayInterval  pause between two scheduled relay rounds (a committed change wakes the relay at once)
     * @param batchSize      rows one relay transaction publishes at most
     * @param publishTimeout how long the relay waits for Kafka's acknowledgements of a batch
     * @param retention      how long published rows are kept (for inspection) before they are deleted
     */
    public record Outbox(
            @DefaultValue("2s") @NotNull Duration relayInterval,
            @DefaultValue("100") @Min(1) int batchSize,
            @DefaultValue("10s") @NotNull Duration publishTimeout,
            @DefaultValue("1d") @NotNull Duration retention) {
    }

    /**
     * @param maxGroups groups one instance keeps in memory at most
     * @param ttl       a safety net only: entries are evicted on every membership event
     */
    public record Cache(
            @DefaultValue("100000") @Min(1) long maxGroups,
            @DefaultValue("10m") @NotNull Duration ttl) {
    }
}

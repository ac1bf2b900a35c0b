package dev.courier.support.security;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.UUID;

/**
 * Feeds {@link RevokedTokens} from {@code courier.accounts}. Every instance must see every revocation, so each
 * consumes in a consumer group of its own ({@code <application>-revocations-<random>}), from the earliest offset:
 * a fresh instance learns the revocations that happened before it started (older than the retention are skipped).
 */
public class RevocationListener {

    private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);

    private final RevokedTokens revoked;
    private final String groupId;

    public RevocationListener(RevokedTokens revoked, String applicationName) {
        this.revoked = revoked;
        this.groupId = applicationName + "-revocations-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(id = "#{__listener.groupId()}", topics = Topics.ACCOUNTS, groupId = "#{__listener.groupId()}",
            concurrency = "1", properties = "auto.offset.reset=earliest")
    void on(ConsumerRecord<String, CourierEvent> record) {
        switch (record.value()) {
            case DeviceLoggedOut out -> {
                revoked.revokeDevice(out.userId(), out.deviceId(), out.at());
                log.debug("Tokens of device {} of user {} issued before {} revoked", out.deviceId(), out.userId(),
                        out.at());
            }
            case AccountDeactivated gone -> {
                revoked.revokeUser(gone.userId(), gone.at());
                log.debug("Tokens of user {} issued before {} revoked", gone.userId(), gone.at());
            }
            case null, default -> { }
        }
    }
}

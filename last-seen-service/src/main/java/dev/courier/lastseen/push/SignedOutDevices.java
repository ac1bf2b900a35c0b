package dev.courier.lastseen.push;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A device that logs out, or an account deactivated, loses its push subscriptions: a browser left behind must not
 * keep showing who writes (and what, with previews). {@code courier.accounts} in a group of its own; removals are
 * idempotent, so replays are harmless. Other account events are ignored.
 */
@Component
@KafkaListener(id = "last-seen-push-accounts", groupId = "last-seen-service-push-accounts", topics = Topics.ACCOUNTS)
class SignedOutDevices {

    private static final Logger log = LoggerFactory.getLogger(SignedOutDevices.class);

    private final PushSubscriptions subscriptions;

    SignedOutDevices(PushSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @KafkaHandler
    void loggedOut(DeviceLoggedOut event) {
        subscriptions.delete(event.userId(), event.deviceId());
        log.debug("push subscription of device {} of user {} removed: logged out", event.deviceId(), event.userId());
    }

    @KafkaHandler
    void deactivated(AccountDeactivated event) {
        subscriptions.deleteAll(event.userId());
        log.debug("push subscriptions of user {} removed: deactivated", event.userId());
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        // profile changes and the like: nothing to do with pushes
    }
}

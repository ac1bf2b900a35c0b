package dev.courier.session.accounts;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Account changes from auth-service. */
@Component
@KafkaListener(id = "session-accounts", idIsGroup = false, topics = Topics.ACCOUNTS)
class AccountEventsListener {

    private static final Logger log = LoggerFactory.getLogger(AccountEventsListener.class);

    private final Accounts accounts;

    AccountEventsListener(Accounts accounts) {
        this.accounts = accounts;
    }

    @KafkaHandler
    void onDeactivated(AccountDeactivated deactivated) {
        accounts.deactivated(deactivated.userId(), deactivated.at());
        log.info("User {} deactivated: its commands and sends to it are refused from now on", deactivated.userId());
    }

    /** Nothing to do here: the gateway closes the device's sockets, and their SessionClosed events follow. */
    @KafkaHandler
    void onLoggedOut(DeviceLoggedOut loggedOut) {
        log.debug("Device {} of user {} logged out", loggedOut.deviceId(), loggedOut.userId());
    }

    @KafkaHandler(isDefault = true)
    void onOther(Object event) {
        log.warn("Ignored unexpected event on {}: {}", Topics.ACCOUNTS, event.getClass().getSimpleName());
    }
}

package dev.courier.gateway.routing;

import dev.courier.contracts.events.AccountDeactivated;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceLoggedOut;
import dev.courier.contracts.events.Topics;
import dev.courier.gateway.GatewayProperties;
import dev.courier.gateway.websocket.ClientSocket;
import dev.courier.gateway.websocket.ConnectionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.util.List;
import java.util.function.Predicate;

/**
 * Closes the sockets whose token was revoked, with 4401. Every gateway must see every account event, so the
 * consumer group is this gateway's own ({@code gateway-<id>-accounts}).
 */
@Component
@KafkaListener(topics = Topics.ACCOUNTS, groupId = "#{__listener.groupId()}", concurrency = "1")
class AccountsListener {

    static final CloseStatus REVOKED = new CloseStatus(4401, "Token revoked");
    private static final Logger log = LoggerFactory.getLogger(AccountsListener.class);

    private final ConnectionRegistry registry;
    private final String gatewayId;

    AccountsListener(ConnectionRegistry registry, GatewayProperties properties) {
        this.registry = registry;
        this.gatewayId = properties.id();
    }

    public String groupId() {
        return "gateway-" + gatewayId + "-accounts";
    }

    @KafkaHandler
    void deactivated(AccountDeactivated event) {
        close("account of user " + event.userId() + " deactivated",
                socket -> socket.device().userId().equals(event.userId()));
    }

    @KafkaHandler
    void loggedOut(DeviceLoggedOut event) {
        close("device " + event.deviceId() + " of user " + event.userId() + " logged out",
                socket -> socket.device().userId().equals(event.userId())
                        && socket.device().deviceId().equals(event.deviceId()));
    }

    @KafkaHandler(isDefault = true)
    void other(CourierEvent event) {
        log.debug("Ignored {} {}", event.getClass().getSimpleName(), event.eventId());
    }

    private void close(String why, Predicate<ClientSocket> affected) {
        List<ClientSocket> sockets = registry.matching(affected);
        sockets.forEach(socket -> socket.close(REVOKED));
        if (!sockets.isEmpty()) {
            log.info("Closing {} socket(s) with 4401: {}", sockets.size(), why);
        }
    }
}

package dev.courier.gateway.websocket;

import dev.courier.gateway.FixedRateTask;
import dev.courier.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Every heartbeat interval, pings each socket (a WebSocket control frame; clients answer pong on their own) and
 * closes the sockets that were silent longer than the heartbeat timeout: half-open TCP connections of phones that
 * lost the network would otherwise hold a session open for ever. Such a socket remembers when it was last heard
 * from ({@link ClientSocket#silentSince}): that, not the close, is when the device went away.
 */
@Component
class Heartbeats extends FixedRateTask {

    static final CloseStatus SILENT = new CloseStatus(1001, "No frame or pong within the heartbeat timeout");
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final ConnectionRegistry registry;
    private final GatewayProperties properties;

    Heartbeats(ConnectionRegistry registry, GatewayProperties properties) {
        super("ws-heartbeat", properties.heartbeatInterval(), properties.heartbeatInterval());
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    protected void runRound() {
        for (ClientSocket socket : registry.all()) {
            if (socket.silentLongerThan(properties.heartbeatTimeout())) {
                log.info("Closing silent {}", socket);
                socket.closeSilent(SILENT);
            } else {
                // A virtual thread each: a ping that meets a stuck write must not hold up the others.
                Thread.ofVirtual().start(socket::ping);
            }
        }
    }
}

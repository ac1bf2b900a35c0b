package dev.courier.message.routing;

import dev.courier.message.MessageProperties;
import dev.courier.support.sessions.GatewayLiveness;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * What message-service does with the sessions of a dead gateway ({@link GatewayLiveness} judges): it deletes them.
 * Without it {@code device_session} would keep them for ever: receipts and {@code expired} errors would be routed
 * to a dead gateway instead of kept as pending notices, and the retry timer would resend to users who are offline.
 * Everything that decides "online" (the routing of receipts and notices, the retry timer, the flush) reads
 * {@code device_session}, so removing the ghosts corrects them all.
 */
@Component
public class GatewayLeases extends GatewayLiveness {

    private final JdbcClient jdbc;

    GatewayLeases(JdbcClient jdbc, MessageProperties properties, Clock clock, MeterRegistry meters) {
        super(jdbc, clock, meters, properties.sessions().lease(), "device_session", "true");
        this.jdbc = jdbc;
    }

    @Override
    protected int end(List<DeadSession> dead) {
        return jdbc.sql("delete from device_session where session_id = any(:ids)")
                .param("ids", dead.stream().map(DeadSession::sessionId).toArray(String[]::new))
                .update();
    }

    @Override
    @Scheduled(fixedDelayString = "${courier.message.sessions.sweep-interval:5s}")
    protected void sweep() {
        super.sweep();
    }
}

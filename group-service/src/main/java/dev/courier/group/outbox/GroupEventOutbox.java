package dev.courier.group.outbox;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.support.kafka.EventJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * Where membership changes record their events: a row of {@code group_event_outbox}, written in the caller's
 * transaction, so the event exists if and only if the change committed. {@link OutboxRelay} publishes it to
 * {@code courier.groups}, keyed by group id.
 */
@Component
public class GroupEventOutbox {

    private final JdbcClient jdbc;
    private final OutboxRelay relay;

    GroupEventOutbox(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /**
     * Must run inside the transaction that makes the change. Once it commits, the relay runs at once: the event is
     * out in milliseconds, while the relay's own schedule is only the safety net (rows another round left behind).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UUID groupId, CourierEvent event) {
        jdbc.sql("insert into group_event_outbox (group_id, payload, created_at) values (?, cast(? as jsonb), ?)")
                .params(groupId, new String(EventJson.write(event), StandardCharsets.UTF_8),
                        Timestamp.from(event.at()))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
    }
}

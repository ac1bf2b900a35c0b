package dev.courier.group.outbox;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.support.kafka.EventJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

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

    GroupEventOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside the transaction that makes the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UUID groupId, CourierEvent event) {
        jdbc.sql("insert into group_event_outbox (group_id, payload, created_at) values (?, cast(? as jsonb), ?)")
                .params(groupId, new String(EventJson.write(event), StandardCharsets.UTF_8),
                        Timestamp.from(event.at()))
                .update();
    }
}

package dev.courier.message.timeline;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.store.MessageRows;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records each time a message frame was routed to a recipient's device, for the delivery timeline. One batched
 * insert per routing batch (after its sends were awaited), so the cost is one round trip per batch, not per device.
 */
@Repository
public class DeliveryAttempts {

    /** Why the frame was routed: the push right after storing, the retry timer, or the flush when a device connects. */
    public enum Cause {
        PUSH, RETRY, FLUSH;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;

    DeliveryAttempts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Collects the attempts of one routing batch; {@link #save()} writes them together. */
    public Recorder recorder(Cause cause, Instant at) {
        return new Recorder(cause, at);
    }

    public final class Recorder {

        private final Cause cause;
        private final Instant at;
        private final List<SqlParameterSource> rows = new ArrayList<>();

        private Recorder(Cause cause, Instant at) {
            this.cause = cause;
            this.at = at;
        }

        public void attempted(long messageId, DeviceSession device) {
            attempted(messageId, device, at);
        }

        /** An attempt at its own time: one batch may hold the pushes of several messages. */
        public void attempted(long messageId, DeviceSession device, Instant at) {
            rows.add(new MapSqlParameterSource("messageId", messageId)
                    .addValue("recipientId", device.userId())
                    .addValue("sessionId", device.sessionId())
                    .addValue("gatewayId", device.gatewayId())
                    .addValue("cause", cause.column())
                    .addValue("at", MessageRows.timestamp(at)));
        }

        public void save() {
            if (rows.isEmpty()) {
                return;
            }
            // A message deleted meanwhile (disappearing) has no row to refer to: nothing to record for it.
            jdbc.batchUpdate("""
                    insert into delivery_attempt (message_id, recipient_id, session_id, gateway_id, cause, at)
                    select :messageId, :recipientId, :sessionId, :gatewayId, :cause, :at
                    where exists (select 1 from message where id = :messageId)""",
                    rows.toArray(SqlParameterSource[]::new));
        }
    }
}

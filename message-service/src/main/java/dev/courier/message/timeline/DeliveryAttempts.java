package dev.courier.message.timeline;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.message.store.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records each time a message frame was routed to a recipient's device, for the delivery timeline. One insert per
 * unit of work (a poll's pushes, a page of the flush, a run of the retry timer), whatever the number of attempts.
 */
@Repository
public class DeliveryAttempts {

    /** Why the frame was routed: the push right after storing, the retry timer, or the flush when a device connects. */
    public enum Cause {
        PUSH, RETRY, FLUSH;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;

    DeliveryAttempts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Collects the attempts of one unit of work; {@link Recorder#save()} writes them together. */
    public Recorder recorder(Cause cause, Instant at) {
        return new Recorder(cause, at);
    }

    public final class Recorder {

        private record Attempt(long messageId, DeviceSession device, Instant at) {
        }

        private final Cause cause;
        private final Instant at;
        private final List<Attempt> attempts = new ArrayList<>();

        private Recorder(Cause cause, Instant at) {
            this.cause = cause;
            this.at = at;
        }

        public void attempted(long messageId, DeviceSession device) {
            attempted(messageId, device, at);
        }

        /** An attempt at its own time: one unit of work may hold the pushes of several messages. */
        public void attempted(long messageId, DeviceSession device, Instant at) {
            attempts.add(new Attempt(messageId, device, at));
        }

        public void save() {
            if (attempts.isEmpty()) {
                return;
            }
            // A message deleted meanwhile (disappearing) has no row to refer to: nothing to record for it.
            jdbc.sql("""
                            insert into delivery_attempt (message_id, recipient_id, session_id, gateway_id, cause, at)
                            select a.message_id, a.recipient_id, a.session_id, a.gateway_id, :cause, a.at
                            from unnest(:messageIds::bigint[], :recipients::text[], :sessions::text[],
                                        :gateways::text[], :times::timestamptz[])
                                 as a(message_id, recipient_id, session_id, gateway_id, at)
                            where exists (select 1 from message m where m.id = a.message_id)""")
                    .param("cause", cause.column())
                    .param("messageIds", SqlArrays.longs(attempts, Attempt::messageId))
                    .param("recipients", SqlArrays.texts(attempts, attempt -> attempt.device().userId()))
                    .param("sessions", SqlArrays.texts(attempts, attempt -> attempt.device().sessionId()))
                    .param("gateways", SqlArrays.texts(attempts, attempt -> attempt.device().gatewayId()))
                    .param("times", SqlArrays.times(attempts, Attempt::at))
                    .update();
            attempts.clear();
        }
    }
}

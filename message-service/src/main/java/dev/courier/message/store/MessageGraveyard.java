package dev.courier.message.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deletes messages and remembers their ids, so that a replayed "send" (Kafka hands a record over again when a
 * service died before committing its offset) cannot store a disappeared or expired message a second time: the send
 * path ({@code MessageWriter}) reads {@code gone_message} with the ids it already looks up.
 */
@Component
public class MessageGraveyard {

    /** Far longer than a replay can come late: the replay window is the time between offset commits. */
    static final Duration KEPT = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final Clock clock;

    MessageGraveyard(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Deletes these messages (their deliveries go first) and remembers their ids, in the caller's transaction. */
    public void bury(List<Long> messageIds, Instant now) {
        jdbc.sql("delete from delivery where message_id in (:ids)").param("ids", messageIds).update();
        jdbc.sql("""
                        with gone as (delete from message where id in (:ids) returning client_id, sender_id)
                        insert into gone_message (client_id, sender_id, gone_at)
                        select client_id, sender_id, :now from gone
                        on conflict (client_id) do nothing""")
                .param("ids", messageIds)
                .param("now", MessageRows.timestamp(now))
                .update();
    }

    /** Forgets ids gone for longer than {@link #KEPT}, once an hour; answers how many. */
    @Scheduled(fixedDelayString = "${courier.message.gone-retention-scan:1h}")
    public int forgetOld() {
        return jdbc.sql("delete from gone_message where gone_at < :before")
                .param("before", MessageRows.timestamp(clock.instant().minus(KEPT)))
                .update();
    }
}

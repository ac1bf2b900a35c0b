package dev.courier.message.delivery;

import dev.courier.message.MessageProperties;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.SqlArrays;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Pending rows of {@code delivery} with their message, for the flush on connect and the retry timer. Neither
 * ever picks a message past its time to live (or its disappearing time): those are the expiry job's.
 */
@Repository
class Deliveries {

    private static final String PENDING_WITH_MESSAGE = "select d.recipient_id, d.attempts, " + MessageRows.COLUMNS + """
             from delivery d join message m on m.id = d.message_id
            where d.status = 'pending'
              and m.sent_at > :ttlCutoff and (m.expires_at is null or m.expires_at > :now)
            """;

    private final JdbcClient jdbc;
    private final MessageProperties properties;
    private final Backoff backoff;

    Deliveries(JdbcClient jdbc, MessageProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.backoff = Backoff.of(properties.retry());
    }

    /** A page of the user's pending deliveries after (conversation, seq), in that order. */
    List<Pending> pendingFor(String userId, String afterConversation, long afterSeq, int limit, Instant now) {
        return pendingFor(userId, afterConversation, afterSeq, limit, now, false);
    }

    /** As above; with {@code neverSentOnly}, only deliveries no flush or resend has sent yet (attempts = 0). */
    List<Pending> pendingFor(String userId, String afterConversation, long afterSeq, int limit, Instant now,
                             boolean neverSentOnly) {
        return jdbc.sql(PENDING_WITH_MESSAGE + """
                          and d.recipient_id = :userId
                          and (:neverSentOnly = false or d.attempts = 0)
                          and (m.conversation_id, m.seq) > (:afterConversation, :afterSeq)
                        order by m.conversation_id, m.seq
                        limit :limit""")
                .param("ttlCutoff", MessageRows.timestamp(now.minus(properties.timeToLive())))
                .param("now", MessageRows.timestamp(now))
                .param("userId", userId)
                .param("afterConversation", afterConversation)
                .param("afterSeq", afterSeq)
                .param("limit", limit)
                .param("neverSentOnly", neverSentOnly)
                .query(Deliveries::pending)
                .list();
    }

    /**
     * Pending deliveries due for a resend whose recipient has a device online, locked for the caller's
     * transaction; rows another instance holds are skipped, so instances do not send the same rows twice.
     */
    List<Pending> dueWithOnlineRecipient(int limit, Instant now, Duration holdBeyondBackoff) {
        return jdbc.sql(PENDING_WITH_MESSAGE + """
                          and d.next_attempt_at <= :due
                          and exists (select 1 from device_session s where s.user_id = d.recipient_id
                                      and s.ready_at is not null)
                        order by m.conversation_id, m.seq
                        limit :limit
                        for update of d skip locked""")
                .param("ttlCutoff", MessageRows.timestamp(now.minus(properties.timeToLive())))
                .param("now", MessageRows.timestamp(now))
                .param("due", MessageRows.timestamp(now.minus(holdBeyondBackoff)))
                .param("limit", limit)
                .query(Deliveries::pending)
                .list();
    }

    /** Counts one more attempt for each and pushes its next attempt back by the backoff. */
    void attempted(List<Pending> sent, Instant now) {
        if (sent.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update delivery d set attempts = u.attempts, next_attempt_at = u.next
                        from unnest(:messageIds::bigint[], :recipients::text[], :attempts::int[],
                                    :next::timestamptz[]) as u(message_id, recipient_id, attempts, next)
                        where d.message_id = u.message_id and d.recipient_id = u.recipient_id
                          and d.status = 'pending'""")
                .param("messageIds", SqlArrays.longs(sent, pending -> pending.message().id()))
                .param("recipients", SqlArrays.texts(sent, Pending::recipientId))
                .param("attempts", SqlArrays.ints(sent, pending -> pending.attempts() + 1))
                .param("next", SqlArrays.times(sent, pending -> now.plus(backoff.after(pending.attempts() + 1))))
                .update();
    }

    private static Pending pending(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Pending(MessageRows.message(rs, row), rs.getString("recipient_id"), rs.getInt("attempts"));
    }

    record Pending(StoredMessage message, String recipientId, int attempts) {
    }
}

package dev.courier.message.send;

import dev.courier.contracts.events.SendAuthorized;
import dev.courier.message.MessageProperties;
import dev.courier.message.delivery.Backoff;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores a message, its {@code seq} and its pending deliveries in one transaction, once per (sender, client id).
 * A group message is one row with one delivery per member at send time; its {@code seq} is the group
 * conversation's counter, and sender and recipients become participants (who may read the history). While the
 * conversation's disappearing timer is on, the message gets {@code expires_at = sent_at + timer}.
 */
@Repository
class MessageWriter {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batchJdbc;
    private final Backoff backoff;

    MessageWriter(JdbcClient jdbc, NamedParameterJdbcTemplate batchJdbc, MessageProperties properties) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.backoff = Backoff.of(properties.retry());
    }

    /**
     * The stored message for this send: the one stored earlier under the same sender and client id, unchanged, or
     * a new one. The conversation's counter is taken with an update of its row, which also serialises concurrent
     * sends to one conversation; a rollback gives the number back, so {@code seq} has no gaps.
     */
    @Transactional
    Stored store(SendAuthorized send, List<String> recipients, Instant now) {
        Optional<StoredMessage> earlier = find(send.sender().userId(), send.messageId());
        if (earlier.isPresent()) {
            return new Stored(earlier.get(), false);
        }
        String conversationId = send.conversationId();
        jdbc.sql("""
                        insert into conversation (id, kind, next_seq, created_at) values (:id, :kind, 1, :now)
                        on conflict (id) do nothing""")
                .param("id", conversationId)
                .param("kind", send.to().isGroup() ? "group" : "direct")
                .param("now", MessageRows.timestamp(now))
                .update();
        SqlParameterSource[] participants = java.util.stream.Stream
                .concat(java.util.stream.Stream.of(send.sender().userId()), recipients.stream())
                .distinct()
                .map(user -> new MapSqlParameterSource("conversationId", conversationId).addValue("userId", user))
                .toArray(SqlParameterSource[]::new);
        batchJdbc.batchUpdate("""
                insert into conversation_participant (conversation_id, user_id) values (:conversationId, :userId)
                on conflict do nothing""", participants);
        record Numbered(long seq, long disappearingSeconds) {
        }
        Numbered numbered = jdbc.sql("""
                        update conversation set next_seq = next_seq + 1 where id = :id
                        returning next_seq - 1 as seq, disappearing_seconds""")
                .param("id", conversationId)
                .query(Numbered.class)
                .single();
        long seq = numbered.seq();
        // The timer as it is under this row lock: a change to it takes the same lock (and a seq), so the messages
        // after a change carry the new timer and those before keep theirs.
        Instant expiresAt = numbered.disappearingSeconds() > 0 ? now.plusSeconds(numbered.disappearingSeconds())
                : null;
        long id = jdbc.sql("""
                        insert into message (sender_id, client_id, conversation_id, seq, to_user, to_group, body,
                                             sent_at, expires_at, recipient_count, media_id, received_at, parsed_at,
                                             authorized_at)
                        values (:senderId, :clientId, :conversationId, :seq, :toUser, :toGroup, :body, :sentAt,
                                :expiresAt, :recipientCount, :mediaId, :receivedAt, :parsedAt, :authorizedAt)
                        returning id""")
                .param("senderId", send.sender().userId())
                .param("clientId", send.messageId())
                .param("conversationId", conversationId)
                .param("seq", seq)
                .param("toUser", send.to().user())
                .param("toGroup", send.to().group())
                .param("body", MessageRows.bodyJson(send.body()))
                .param("sentAt", MessageRows.timestamp(now))
                .param("expiresAt", MessageRows.timestamp(expiresAt))
                .param("recipientCount", recipients.size())
                .param("mediaId", send.body().image() == null ? null : send.body().image().mediaId())
                .param("receivedAt", MessageRows.timestamp(send.receivedAt()))
                .param("parsedAt", MessageRows.timestamp(send.parsedAt()))
                .param("authorizedAt", MessageRows.timestamp(send.at()))
                .query(Long.class)
                .single();
        SqlParameterSource[] deliveries = recipients.stream()
                .map(recipient -> new MapSqlParameterSource("messageId", id)
                        .addValue("recipientId", recipient)
                        .addValue("next", MessageRows.timestamp(now.plus(backoff.after(0)))))
                .toArray(SqlParameterSource[]::new);
        batchJdbc.batchUpdate("""
                insert into delivery (message_id, recipient_id, status, attempts, next_attempt_at)
                values (:messageId, :recipientId, 'pending', 0, :next)""", deliveries);
        return new Stored(new StoredMessage(id, send.messageId(), send.sender().userId(), conversationId, seq,
                send.to(), send.body(), now, expiresAt), true);
    }

    private Optional<StoredMessage> find(String senderId, String clientId) {
        return jdbc.sql("select " + MessageRows.COLUMNS
                        + " from message m where m.sender_id = :senderId and m.client_id = :clientId")
                .param("senderId", senderId)
                .param("clientId", clientId)
                .query(MessageRows.MESSAGE)
                .optional();
    }

    /** @param isNew false when the same sender and client id were stored before (a retried send) */
    record Stored(StoredMessage message, boolean isNew) {
    }
}

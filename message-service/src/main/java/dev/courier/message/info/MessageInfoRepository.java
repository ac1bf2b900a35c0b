package dev.courier.message.info;

import dev.courier.contracts.api.MessageReceipts;
import dev.courier.message.store.MessageRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads one message's per-recipient delivery state: its delivery rows (one per recipient user, by primary key), whose
 * {@code delivered_at} and {@code read_at} are set in the transaction that sends the sender its receipt.
 */
@Repository
class MessageInfoRepository {

    /** The message row's key and its sender. */
    record Sent(long id, String senderId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    MessageInfoRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The message of this conversation with this client id, unless it is a system message or has disappeared. */
    Optional<Sent> find(String conversationId, String clientId) {
        return jdbc.sql("""
                        select id, sender_id from message
                        where client_id = :clientId and conversation_id = :conversationId and not system
                          and (expires_at is null or expires_at > :now)""")
                .param("clientId", clientId)
                .param("conversationId", conversationId)
                .param("now", MessageRows.timestamp(clock.instant()))
                .query((rs, n) -> new Sent(rs.getLong("id"), rs.getString("sender_id")))
                .optional();
    }

    /** One entry per recipient, by user id. */
    List<MessageReceipts.Receipt> receipts(long messageId) {
        return jdbc.sql("""
                        select recipient_id, delivered_at, read_at from delivery
                        where message_id = :messageId
                        order by recipient_id""")
                .param("messageId", messageId)
                .query((rs, n) -> new MessageReceipts.Receipt(rs.getString("recipient_id"),
                        epochMillis(rs, "delivered_at"), epochMillis(rs, "read_at")))
                .list();
    }

    private static Long epochMillis(ResultSet rs, String column) throws SQLException {
        Instant at = MessageRows.instant(rs, column);
        return at == null ? null : at.toEpochMilli();
    }
}

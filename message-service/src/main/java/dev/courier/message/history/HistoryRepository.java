package dev.courier.message.history;

import dev.courier.contracts.api.MessageHistory;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a conversation's messages by {@code seq}, newest first (the unique (conversation_id, seq) index; a group
 * member's own rows are checked on the delivery key).
 */
@Repository
class HistoryRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    HistoryRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The caller's messages with {@code seq < beforeSeq} (all when null), newest first; disappeared ones are left
     * out, and so are messages withheld from the caller (their sender is blocked by the caller). In a group, those
     * the caller sent or was a recipient of, and the system messages (a timer change): a member added later does not
     * see what was sent before, and a removed one keeps what it was sent.
     * <p>
     * The caller's own messages carry their status in the same statement: a direct message's from its one delivery
     * row (joined on its primary key), a group message's from the marks its {@code all:true} receipts left
     * ({@code all_delivered_at}, {@code all_read_at}), so a group message is {@code sent} until every recipient has
     * it. That is what the sender's receipts said, since each receipt is routed (or kept) in the transaction that
     * moves the row. Each item also carries its reactions (a second statement for the whole page) and its
     * {@code editedAt}; a message deleted for everyone is only its place: id, conversation, sender, seq, sent time.
     */
    List<MessageHistory.Item> newestFirst(String conversationId, String caller, Long beforeSeq, int limit) {
        record Row(StoredMessage message, ReceiptStatus status, Instant editedAt, boolean deleted) {
        }
        List<Row> page = jdbc.sql("select " + MessageRows.COLUMNS + """
                             , m.edited_at, m.deleted_at is not null as deleted
                             , case when m.system or m.sender_id <> :caller then null
                                    when m.to_group is not null then
                                         case when m.all_read_at is not null then 'read'
                                              when m.all_delivered_at is not null then 'delivered'
                                              else 'sent' end
                                    when own.status in ('delivered', 'read') then own.status
                                    else 'sent' end as status
                         from message m
                         left join delivery own on own.message_id = m.id and own.recipient_id = m.to_user
                                               and m.to_group is null and m.sender_id = :caller
                        where m.conversation_id = :conversationId and m.seq < :beforeSeq
                          and (m.expires_at is null or m.expires_at > :now)
                          and (not m.withheld or m.sender_id = :caller)
                          and (m.to_group is null or m.system or m.sender_id = :caller
                               or exists (select 1 from delivery d
                                          where d.message_id = m.id and d.recipient_id = :caller))
                        order by m.seq desc
                        limit :limit""")
                .param("conversationId", conversationId)
                .param("caller", caller)
                .param("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .param("now", MessageRows.timestamp(clock.instant()))
                .param("limit", limit)
                .query((rs, row) -> new Row(MessageRows.message(rs, row),
                        ReceiptStatus.fromWire(rs.getString("status")), MessageRows.instant(rs, "edited_at"),
                        rs.getBoolean("deleted")))
                .list();
        Map<Long, List<MessageHistory.Reaction>> reactions = reactionsOf(page.stream()
                .filter(row -> !row.deleted())
                .map(row -> row.message().id())
                .toList());
        return page.stream().map(row -> {
            StoredMessage message = row.message();
            if (row.deleted()) {
                return MessageHistory.Item.deleted(message.clientId(), message.conversationId(), message.senderId(),
                        message.seq(), message.sentAt().toEpochMilli());
            }
            return new MessageHistory.Item(message.clientId(), message.conversationId(), message.senderId(),
                    message.to(), message.seq(), message.sentAt().toEpochMilli(), message.body(),
                    message.expiresAt() == null ? null : message.expiresAt().toEpochMilli(), row.status(),
                    reactions.getOrDefault(message.id(), List.of()),
                    row.editedAt() == null ? null : row.editedAt().toEpochMilli(), null, message.replyTo());
        }).toList();
    }

    /** The reactions to these messages, oldest first: one statement for the page. */
    private Map<Long, List<MessageHistory.Reaction>> reactionsOf(List<Long> messageIds) {
        Map<Long, List<MessageHistory.Reaction>> byMessage = new HashMap<>();
        if (messageIds.isEmpty()) {
            return byMessage;
        }
        jdbc.sql("""
                        select message_id, user_id, emoji from reaction where message_id = any(:ids)
                        order by message_id, reacted_at, user_id""")
                .param("ids", messageIds.toArray(Long[]::new))
                .query((RowCallbackHandler) rs -> byMessage.computeIfAbsent(rs.getLong("message_id"),
                        id -> new ArrayList<>()).add(new MessageHistory.Reaction(rs.getString("user_id"),
                        rs.getString("emoji"))));
        return byMessage;
    }
}

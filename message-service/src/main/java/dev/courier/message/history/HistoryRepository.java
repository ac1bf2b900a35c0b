package dev.courier.message.history;

import dev.courier.message.store.MessageRows;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.util.List;

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

    boolean isParticipant(String conversationId, String userId) {
        return jdbc.sql("""
                        select exists (select 1 from conversation_participant
                                       where conversation_id = :conversationId and user_id = :userId)""")
                .param("conversationId", conversationId)
                .param("userId", userId)
                .query(Boolean.class)
                .single();
    }

    /**
     * The caller's messages with {@code seq < beforeSeq} (all when null), newest first; disappeared ones are left
     * out. In a group, those the caller sent or was a recipient of, and the system messages (a timer change): a
     * member added later does not see what was sent before, and a removed one keeps what it was sent.
     */
    List<StoredMessage> newestFirst(String conversationId, String caller, Long beforeSeq, int limit) {
        return jdbc.sql("select " + MessageRows.COLUMNS + """
                         from message m
                        where m.conversation_id = :conversationId and m.seq < :beforeSeq
                          and (m.expires_at is null or m.expires_at > :now)
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
                .query(MessageRows.MESSAGE)
                .list();
    }
}

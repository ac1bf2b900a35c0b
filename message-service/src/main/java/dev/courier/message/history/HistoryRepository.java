package dev.courier.message.history;

import dev.courier.message.store.MessageRows;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.util.List;

/** Reads a conversation's messages by {@code seq}, newest first (the unique (conversation_id, seq) index). */
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

    /** Messages with {@code seq < beforeSeq} (all when null), newest first; disappeared ones are left out. */
    List<StoredMessage> newestFirst(String conversationId, Long beforeSeq, int limit) {
        return jdbc.sql("select " + MessageRows.COLUMNS + """
                         from message m
                        where m.conversation_id = :conversationId and m.seq < :beforeSeq
                          and (m.expires_at is null or m.expires_at > :now)
                        order by m.seq desc
                        limit :limit""")
                .param("conversationId", conversationId)
                .param("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .param("now", MessageRows.timestamp(clock.instant()))
                .param("limit", limit)
                .query(MessageRows.MESSAGE)
                .list();
    }
}

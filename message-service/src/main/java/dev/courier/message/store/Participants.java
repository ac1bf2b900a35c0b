package dev.courier.message.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who takes part in a conversation ({@code conversation_participant}: the two users of a direct one, every member a
 * group message was ever sent to): what the history and the message info check before they answer.
 */
@Component
public class Participants {

    private final JdbcClient jdbc;

    Participants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isParticipant(String conversationId, String userId) {
        return jdbc.sql("""
                        select exists (select 1 from conversation_participant
                                       where conversation_id = :conversationId and user_id = :userId)""")
                .param("conversationId", conversationId)
                .param("userId", userId)
                .query(Boolean.class)
                .single();
    }
}

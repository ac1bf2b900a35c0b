package dev.courier.message.history;

import dev.courier.contracts.api.ConversationList;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * One query for the chat list: each conversation of the caller with its newest visible message (the same rule as
 * the history: not disappeared; in a group only what the caller sent, was sent, or a system message) and the count
 * of messages sent to the caller that it has not read yet.
 */
@Repository
class ConversationSummaries {

    private final JdbcClient jdbc;
    private final Clock clock;

    ConversationSummaries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<ConversationList.Summary> of(String caller, int limit) {
        return jdbc.sql("""
                        select c.id as conversation_id, c.kind, c.disappearing_seconds,
                               case when c.kind = 'direct' then (select string_agg(p2.user_id, ',' order by p2.user_id)
                                     from conversation_participant p2 where p2.conversation_id = c.id) end as users,
                               (select count(*) from delivery d join message u on u.id = d.message_id
                                 where d.recipient_id = :caller and d.status <> 'read' and u.conversation_id = c.id
                                   and (u.expires_at is null or u.expires_at > :now)
                                   and u.deleted_at is null) as unread,
                               last.*
                          from conversation_participant p
                          join conversation c on c.id = p.conversation_id
                          left join lateral (
                              select\s""" + MessageRows.COLUMNS + """
                                from message m
                               where m.conversation_id = c.id
                                 and (m.expires_at is null or m.expires_at > :now)
                                 and (not m.withheld or m.sender_id = :caller)
                                 and (m.to_group is null or m.system or m.sender_id = :caller
                                      or exists (select 1 from delivery d
                                                 where d.message_id = m.id and d.recipient_id = :caller))
                               order by m.seq desc
                               limit 1) last on true
                         where p.user_id = :caller
                         order by last.sent_at desc nulls last, c.id
                         limit :limit""")
                .param("caller", caller)
                .param("now", MessageRows.timestamp(clock.instant()))
                .param("limit", limit)
                .query((rs, n) -> {
                    StoredMessage last = rs.getObject("id") == null ? null : MessageRows.message(rs, n);
                    String users = rs.getString("users");
                    return new ConversationList.Summary(rs.getString("conversation_id"), rs.getString("kind"),
                            users == null ? List.of() : Arrays.asList(users.split(",")),
                            last == null ? null : last.toFrame(), rs.getLong("unread"),
                            rs.getLong("disappearing_seconds"));
                })
                .list();
    }
}

package dev.courier.message.actions;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.SqlArrays;
import dev.courier.support.kafka.EventJson;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows a poll's actions read and write, a fixed number of statements per poll whatever its size: the earlier
 * answers of their ids, the messages they name (locked, in id order, as the expiry and disappearing jobs lock
 * messages before deliveries), those messages' recipients; then the reactions, edits, deletions and answers,
 * one statement each.
 */
@Repository
class ActionRows {

    private static final TypeReference<List<String>> USER_IDS = new TypeReference<>() { };

    private final JdbcClient jdbc;

    ActionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A (user, frame id) pair: what makes an action idempotent. */
    record Key(String actorId, String actionId) {
    }

    /** The groups of the group messages among these ids, read without a lock (before the unit of work). */
    List<String> groupsOf(Collection<String> clientIds) {
        return jdbc.sql("""
                        select distinct to_group from message
                        where client_id = any(:ids) and to_group is not null and deleted_at is null""")
                .param("ids", clientIds.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /** The answers already given to these ids, by key. */
    Map<Key, ActionOutcome> earlier(Collection<Key> keys) {
        Map<Key, ActionOutcome> earlier = new HashMap<>();
        jdbc.sql("""
                        select a.actor_id, a.action_id, a.kind, a.message_id, a.at, a.error_code, a.error_message,
                               a.frame, a.audience, a.by_record
                        from unnest(:actors::text[], :ids::text[]) as k(actor_id, action_id)
                        join message_action a on a.actor_id = k.actor_id and a.action_id = k.action_id""")
                .param("actors", SqlArrays.texts(keys, Key::actorId))
                .param("ids", SqlArrays.texts(keys, Key::actionId))
                .query((RowCallbackHandler) rs -> {
                    Key key = new Key(rs.getString("actor_id"), rs.getString("action_id"));
                    String frame = rs.getString("frame");
                    String audience = rs.getString("audience");
                    earlier.put(key, new ActionOutcome(key, rs.getString("kind"),
                            rs.getObject("message_id", Long.class), MessageRows.instant(rs, "at"),
                            rs.getString("error_code"), rs.getString("error_message"),
                            frame == null ? null : MessageRows.frame(frame),
                            audience == null ? List.of() : EventJson.MAPPER.readValue(audience, USER_IDS),
                            rs.getObject("by_record", Long.class)));
                });
        return earlier;
    }

    /**
     * The messages with these client ids, locked for the unit of work, with their recipients. System messages and
     * messages past their disappearing time are marked gone.
     */
    Map<String, TargetMessage> lock(Set<String> clientIds, Instant now) {
        Map<String, TargetMessage> byClientId = new LinkedHashMap<>();
        Map<Long, TargetMessage> byId = new HashMap<>();
        jdbc.sql("""
                        select id, client_id, sender_id, conversation_id, to_user, to_group, body, sent_at, media_id,
                               system or (expires_at is not null and expires_at <= :now) as gone,
                               deleted_at is not null as deleted
                        from message where client_id = any(:ids)
                        order by id
                        for no key update""")
                .param("ids", clientIds.toArray(String[]::new))
                .param("now", MessageRows.timestamp(now))
                .query((RowCallbackHandler) rs -> {
                    String body = rs.getString("body");
                    var message = new TargetMessage(rs.getLong("id"), rs.getString("client_id"),
                            rs.getString("sender_id"), rs.getString("conversation_id"), rs.getString("to_user"),
                            rs.getString("to_group"), MessageRows.instant(rs, "sent_at"), rs.getBoolean("gone"),
                            body == null ? null : EventJson.MAPPER.readValue(body, MessageBody.class),
                            rs.getString("media_id"), rs.getBoolean("deleted"));
                    byClientId.put(message.clientId, message);
                    byId.put(message.id, message);
                });
        if (!byId.isEmpty()) {
            jdbc.sql("select message_id, recipient_id from delivery where message_id = any(:ids)")
                    .param("ids", byId.keySet().toArray(Long[]::new))
                    .query((RowCallbackHandler) rs -> byId.get(rs.getLong("message_id")).recipients
                            .add(rs.getString("recipient_id")));
        }
        return byClientId;
    }

    /** One person's reaction to a message after the poll: {@code ""} means none. */
    record Reaction(long messageId, String userId, String emoji, Instant at) {
    }

    /** The reactions as the poll left them: set or replaced ({@code emoji} not empty), or taken back. */
    void saveReactions(Collection<Reaction> reactions) {
        List<Reaction> set = reactions.stream().filter(reaction -> !reaction.emoji().isEmpty()).toList();
        List<Reaction> removed = reactions.stream().filter(reaction -> reaction.emoji().isEmpty()).toList();
        if (!set.isEmpty()) {
            jdbc.sql("""
                            insert into reaction (message_id, user_id, emoji, reacted_at)
                            select * from unnest(:messageIds::bigint[], :users::text[], :emojis::text[],
                                                 :ats::timestamptz[])
                            on conflict (message_id, user_id)
                            do update set emoji = excluded.emoji, reacted_at = excluded.reacted_at""")
                    .param("messageIds", SqlArrays.longs(set, Reaction::messageId))
                    .param("users", SqlArrays.texts(set, Reaction::userId))
                    .param("emojis", SqlArrays.texts(set, Reaction::emoji))
                    .param("ats", SqlArrays.times(set, Reaction::at))
                    .update();
        }
        if (!removed.isEmpty()) {
            jdbc.sql("""
                            delete from reaction r
                            using unnest(:messageIds::bigint[], :users::text[]) as u(message_id, user_id)
                            where r.message_id = u.message_id and r.user_id = u.user_id""")
                    .param("messageIds", SqlArrays.longs(removed, Reaction::messageId))
                    .param("users", SqlArrays.texts(removed, Reaction::userId))
                    .update();
        }
    }

    /** The new texts of the messages edited (and not deleted) in the poll. */
    void saveEdits(List<TargetMessage> edited) {
        if (edited.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update message m set body = u.body, edited_at = u.edited_at
                        from unnest(:ids::bigint[], :bodies::text[], :ats::timestamptz[]) as u(id, body, edited_at)
                        where m.id = u.id""")
                .param("ids", SqlArrays.longs(edited, message -> message.id))
                .param("bodies", SqlArrays.texts(edited, message -> MessageRows.bodyJson(message.body)))
                .param("ats", SqlArrays.times(edited, message -> message.changedAt))
                .update();
    }

    /**
     * Deletes for everyone: the body and media reference erased (null), the edit mark and a reply's quote with them;
     * the deliveries not acknowledged yet dropped (their recipients never get the body); its reactions, the text its
     * edits told (their answers' frames) and the {@code edited} notices still waiting for users offline erased.
     * Replies quoting it lose their preview with its body (they read it from this row).
     */
    void saveDeletions(List<TargetMessage> deleted) {
        if (deleted.isEmpty()) {
            return;
        }
        Long[] ids = SqlArrays.longs(deleted, message -> message.id);
        jdbc.sql("""
                        update message m set body = null, media_id = null, edited_at = null,
                                             reply_to_id = null, reply_to_sender = null,
                                             deleted_at = u.deleted_at, deleted_by = u.deleted_by
                        from unnest(:ids::bigint[], :ats::timestamptz[], :bys::text[]) as u(id, deleted_at, deleted_by)
                        where m.id = u.id""")
                .param("ids", ids)
                .param("ats", SqlArrays.times(deleted, message -> message.changedAt))
                .param("bys", SqlArrays.texts(deleted, message -> message.deletedBy))
                .update();
        jdbc.sql("delete from delivery where message_id = any(:ids) and status = 'pending'")
                .param("ids", ids)
                .update();
        jdbc.sql("delete from reaction where message_id = any(:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("update message_action set frame = null where message_id = any(:ids) and kind = 'edit'")
                .param("ids", ids)
                .update();
        jdbc.sql("""
                        delete from pending_notice
                        where frame like '{"type":"edited"%' and frame::jsonb ->> 'messageId' = any(:clientIds)""")
                .param("clientIds", SqlArrays.texts(deleted, message -> message.clientId))
                .update();
    }

    /** The answers of the poll's new actions. */
    void saveOutcomes(List<ActionOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into message_action (actor_id, action_id, kind, message_id, at, error_code,
                                                    error_message, frame, audience, by_record)
                        select * from unnest(:actors::text[], :ids::text[], :kinds::text[], :messageIds::bigint[],
                                             :ats::timestamptz[], :codes::text[], :messages::text[], :frames::text[],
                                             :audiences::text[], :records::bigint[])
                        on conflict (actor_id, action_id) do nothing""")
                .param("actors", SqlArrays.texts(outcomes, outcome -> outcome.key().actorId()))
                .param("ids", SqlArrays.texts(outcomes, outcome -> outcome.key().actionId()))
                .param("kinds", SqlArrays.texts(outcomes, ActionOutcome::kind))
                .param("messageIds", SqlArrays.longs(outcomes, ActionOutcome::messageId))
                .param("ats", SqlArrays.times(outcomes, ActionOutcome::at))
                .param("codes", SqlArrays.texts(outcomes, ActionOutcome::errorCode))
                .param("messages", SqlArrays.texts(outcomes, ActionOutcome::errorMessage))
                .param("frames", SqlArrays.texts(outcomes, outcome ->
                        outcome.frame() == null ? null : MessageRows.frameJson(outcome.frame())))
                .param("audiences", SqlArrays.texts(outcomes, outcome ->
                        outcome.frame() == null ? null : EventJson.MAPPER.writeValueAsString(outcome.audience())))
                .param("records", SqlArrays.longs(outcomes, ActionOutcome::byRecord))
                .update();
    }
}

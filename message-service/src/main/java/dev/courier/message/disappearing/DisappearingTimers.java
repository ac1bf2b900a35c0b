package dev.courier.message.disappearing;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.SettingsFrame;
import dev.courier.message.MessageProperties;
import dev.courier.message.routing.FrameRouter;
import dev.courier.message.routing.PendingNotices;
import dev.courier.message.store.MessageRows;
import dev.courier.support.groups.GroupDirectory;
import dev.courier.support.groups.GroupDirectoryConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Changes a conversation's disappearing-messages timer. Who may: a participant of a direct chat (a sender or
 * recipient of one of its messages: before the first message the chat does not exist here, 404), an admin of a
 * group (asked of group-service through the {@link GroupDirectory}; 503 when no instance answers). A change is a
 * system message of the conversation: it takes the next {@code seq} under the conversation row's lock, the same
 * lock a send takes, so every message after it (by {@code seq}) carries the new timer and every one before keeps
 * its own. In the same transaction each participant gets a {@code settings} frame on its connected devices, or
 * as a pending notice. Setting the value it already has changes nothing (no message, no frames).
 */
@Service
@Import(GroupDirectoryConfiguration.class)
class DisappearingTimers {

    private static final Logger log = LoggerFactory.getLogger(DisappearingTimers.class);

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batchJdbc;
    private final GroupDirectory groups;
    private final PendingNotices notices;
    private final FrameRouter router;
    private final TransactionTemplate transaction;
    private final TimerValues values;
    private final Clock clock;

    DisappearingTimers(JdbcClient jdbc, NamedParameterJdbcTemplate batchJdbc, GroupDirectory groups,
                       PendingNotices notices, FrameRouter router, TransactionTemplate transaction,
                       MessageProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.batchJdbc = batchJdbc;
        this.groups = groups;
        this.notices = notices;
        this.router = router;
        this.transaction = transaction;
        this.values = new TimerValues(properties.disappearing().allowAnySeconds());
        this.clock = clock;
    }

    /** Sets the timer of {@code conversationId} to {@code seconds} on behalf of {@code caller}. */
    void set(String conversationId, String caller, Long seconds) {
        if (seconds == null || !values.accepts(seconds)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, values.describe());
        }
        Conversation conversation = authorize(conversationId, caller);
        Boolean changed = transaction.execute(status -> change(conversation, caller, seconds));
        if (Boolean.TRUE.equals(changed)) {
            log.info("user {} set the disappearing timer of {} {} to {} s", caller, conversation.kind(),
                    conversationId, seconds);
        } else {
            log.info("user {} set the disappearing timer of {} to {} s, as it was: nothing changed", caller,
                    conversationId, seconds);
        }
    }

    private Conversation authorize(String conversationId, String caller) {
        Optional<String> kind = jdbc.sql("select kind from conversation where id = :id")
                .param("id", conversationId)
                .query(String.class)
                .optional();
        if (kind.isPresent() && kind.get().equals("direct")) {
            List<String> participants = jdbc.sql("""
                            select user_id from conversation_participant where conversation_id = :id
                            order by user_id""")
                    .param("id", conversationId)
                    .query(String.class)
                    .list();
            if (!participants.contains(caller)) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not a participant of this conversation");
            }
            String other = participants.stream().filter(user -> !user.equals(caller)).findFirst().orElse(caller);
            return new Conversation(conversationId, "direct", participants, other);
        }
        // A group's conversation id is the group id; it may have no message (and no row) yet.
        GroupMembers group = groups.members(conversationId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No such conversation"));
        if (!group.isMember(caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not a member of this group");
        }
        if (!group.isAdmin(caller)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a group admin can change the timer");
        }
        return new Conversation(conversationId, "group", group.members(), null);
    }

    private boolean change(Conversation conversation, String caller, long seconds) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("""
                        insert into conversation (id, kind, next_seq, created_at) values (:id, :kind, 1, :now)
                        on conflict (id) do nothing""")
                .param("id", conversation.id())
                .param("kind", conversation.kind())
                .param("now", MessageRows.timestamp(now))
                .update();
        long current = jdbc.sql("select disappearing_seconds from conversation where id = :id for no key update")
                .param("id", conversation.id())
                .query(Long.class)
                .single();
        if (current == seconds) {
            return false;
        }
        // Group members become participants: they may read the history that shows the change.
        SqlParameterSource[] participants = conversation.participants().stream()
                .map(user -> new MapSqlParameterSource("conversationId", conversation.id()).addValue("userId", user))
                .toArray(SqlParameterSource[]::new);
        batchJdbc.batchUpdate("""
                insert into conversation_participant (conversation_id, user_id) values (:conversationId, :userId)
                on conflict do nothing""", participants);
        long seq = jdbc.sql("""
                        update conversation set next_seq = next_seq + 1, disappearing_seconds = :seconds
                        where id = :id returning next_seq - 1""")
                .param("id", conversation.id())
                .param("seconds", seconds)
                .query(Long.class)
                .single();
        String messageId = UUID.randomUUID().toString();
        jdbc.sql("""
                        insert into message (sender_id, client_id, conversation_id, seq, to_user, to_group, body,
                                             sent_at, expires_at, recipient_count, system)
                        values (:senderId, :clientId, :conversationId, :seq, :toUser, :toGroup, :body, :sentAt, null,
                                0, true)""")
                .param("senderId", caller)
                .param("clientId", messageId)
                .param("conversationId", conversation.id())
                .param("seq", seq)
                .param("toUser", conversation.otherUser())
                .param("toGroup", conversation.kind().equals("group") ? conversation.id() : null)
                .param("body", MessageRows.bodyJson(MessageBody.system(
                        MessageBody.SystemEvent.disappearing(seconds, caller))))
                .param("sentAt", MessageRows.timestamp(now))
                .update();
        SettingsFrame frame = new SettingsFrame(conversation.id(), seconds, caller);
        FrameRouter.Batch batch = router.batch();
        conversation.participants().forEach(user -> notices.tell(user, List.of(frame), batch));
        batch.await();
        log.info("stored timer change {} seq {} in {} and told {} participants", messageId, seq, conversation.id(),
                conversation.participants().size());
        return true;
    }

    /** @param otherUser in a direct chat, the participant that is not the caller (the caller in a chat with oneself) */
    private record Conversation(String id, String kind, List<String> participants, String otherUser) {
    }
}

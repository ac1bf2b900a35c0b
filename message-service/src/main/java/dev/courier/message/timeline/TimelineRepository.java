package dev.courier.message.timeline;

import dev.courier.contracts.api.MessageTimeline;
import dev.courier.contracts.api.MessageTimeline.Step;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Puts a message's timeline together from its row, its delivery rows, its recorded attempts and the edits applied to
 * it (their {@code message_action} rows: when and by whom, never the text).
 */
@Repository
class TimelineRepository {

    private static final String MESSAGE_SERVICE = "message-service";

    private final JdbcClient jdbc;

    TimelineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored messages with this client id (one per sender that used it), optionally of one sender only. */
    List<Long> find(String clientId, String senderId) {
        return jdbc.sql("""
                        select id from message where client_id = :clientId and not system
                          and (cast(:senderId as varchar) is null or sender_id = :senderId)
                        order by id""")
                .param("clientId", clientId)
                .param("senderId", senderId)
                .query(Long.class)
                .list();
    }

    Optional<MessageTimeline> timeline(long id) {
        record Row(String clientId, String conversationId, String senderId, long seq, Timestamp receivedAt,
                   Timestamp parsedAt, Timestamp authorizedAt, Timestamp sentAt, Timestamp expiresAt,
                   Timestamp deletedAt, String deletedBy) {
        }
        Optional<Row> found = jdbc.sql("""
                        select client_id, conversation_id, sender_id, seq, received_at, parsed_at, authorized_at,
                               sent_at, expires_at, deleted_at, deleted_by
                        from message where id = :id""")
                .param("id", id)
                .query(Row.class)
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row message = found.get();
        List<Step> steps = new ArrayList<>();
        add(steps, "received", message.receivedAt(), "gateway-service");
        add(steps, "parsed", message.parsedAt(), "parser-service");
        add(steps, "authorized", message.authorizedAt(), "session-service");
        steps.add(new Step("stored", instant(message.sentAt()), MESSAGE_SERVICE, message.senderId(), null, null,
                "seq " + message.seq()));
        jdbc.sql("""
                        select recipient_id, session_id, gateway_id, cause, at from delivery_attempt
                        where message_id = :id order by at""")
                .param("id", id)
                .query((rs, n) -> new Step("attempt", instant(rs.getTimestamp("at")), MESSAGE_SERVICE,
                        rs.getString("recipient_id"), rs.getString("session_id"), rs.getString("gateway_id"),
                        rs.getString("cause")))
                .list()
                .forEach(steps::add);
        jdbc.sql("select recipient_id, status, delivered_at, read_at from delivery where message_id = :id")
                .param("id", id)
                .query((rs, n) -> {
                    List<Step> receipts = new ArrayList<>();
                    String recipient = rs.getString("recipient_id");
                    if (rs.getTimestamp("delivered_at") != null) {
                        receipts.add(new Step("delivered", instant(rs.getTimestamp("delivered_at")), MESSAGE_SERVICE,
                                recipient, null, null, null));
                    }
                    if (rs.getTimestamp("read_at") != null) {
                        receipts.add(new Step("read", instant(rs.getTimestamp("read_at")), MESSAGE_SERVICE,
                                recipient, null, null, null));
                    }
                    return receipts;
                })
                .list()
                .forEach(steps::addAll);
        jdbc.sql("""
                        select actor_id, at from message_action
                        where message_id = :id and kind = 'edit' and error_code is null order by at""")
                .param("id", id)
                .query((rs, n) -> new Step("edited", instant(rs.getTimestamp("at")), MESSAGE_SERVICE,
                        rs.getString("actor_id"), null, null, null))
                .list()
                .forEach(steps::add);
        if (message.deletedAt() != null) {
            steps.add(new Step("deleted", instant(message.deletedAt()), MESSAGE_SERVICE, message.deletedBy(), null,
                    null, null));
        }
        add(steps, "expires", message.expiresAt(), MESSAGE_SERVICE);
        // Time order; a step of an earlier stage first when two share a millisecond.
        List<String> stages = List.of("received", "parsed", "authorized", "stored", "attempt", "delivered", "read",
                "edited", "deleted", "expires");
        steps.sort(Comparator.comparing(Step::at).thenComparing(step -> stages.indexOf(step.step())));
        return Optional.of(new MessageTimeline(message.clientId(), message.conversationId(), message.senderId(),
                message.seq(), List.copyOf(steps)));
    }

    private static void add(List<Step> steps, String step, Timestamp at, String service) {
        if (at != null) {
            steps.add(Step.of(step, instant(at), service));
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }
}

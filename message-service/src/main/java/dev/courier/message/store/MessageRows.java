package dev.courier.message.store;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReplyTo;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.support.kafka.EventJson;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How message rows and frames are read from and written to SQL, shared by the features that read messages.
 * Select {@link #COLUMNS} from {@code message m} to map a row with {@link #MESSAGE}.
 */
public final class MessageRows {

    /**
     * The current body of the message a reply quotes, in the same statement (by the unique client id): null when it
     * is deleted for everyone (erased), past its disappearing time or gone, so the quote's preview goes with it.
     */
    private static final String QUOTED_BODY = """
            (select q.body from message q where q.client_id = m.reply_to_id and q.conversation_id = m.conversation_id
                and (q.expires_at is null or q.expires_at > now()))""";

    public static final String COLUMNS =
            "m.id, m.client_id, m.sender_id, m.conversation_id, m.seq, m.to_user, m.to_group, m.body, m.sent_at, "
                    + "m.expires_at, m.reply_to_id, m.reply_to_sender, " + QUOTED_BODY + " as reply_to_body";

    public static final RowMapper<StoredMessage> MESSAGE = MessageRows::message;

    private MessageRows() {
    }

    /** The row as a message; its {@code body} is null when it was deleted for everyone (erased). */
    public static StoredMessage message(ResultSet rs, int row) throws SQLException {
        String body = rs.getString("body");
        return new StoredMessage(rs.getLong("id"), rs.getString("client_id"), rs.getString("sender_id"),
                rs.getString("conversation_id"), rs.getLong("seq"),
                new Recipient(rs.getString("to_user"), rs.getString("to_group")),
                body == null ? null : EventJson.MAPPER.readValue(body, MessageBody.class),
                instant(rs, "sent_at"), instant(rs, "expires_at"), replyTo(rs));
    }

    /** A reply's quote: the quoted message's id and sender, and the preview of its current body when it has one. */
    private static ReplyTo replyTo(ResultSet rs) throws SQLException {
        String quotedId = rs.getString("reply_to_id");
        if (quotedId == null) {
            return null;
        }
        String quotedBody = rs.getString("reply_to_body");
        return new ReplyTo(quotedId, rs.getString("reply_to_sender"), quotedBody == null ? null
                : ReplyTo.previewOf(EventJson.MAPPER.readValue(quotedBody, MessageBody.class)));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** A {@code timestamptz} parameter. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static String bodyJson(MessageBody body) {
        return EventJson.MAPPER.writeValueAsString(body);
    }

    /** A server frame as JSON with its {@code type}, as pending notices keep it. */
    public static String frameJson(ServerFrame frame) {
        return EventJson.MAPPER.writerFor(ServerFrame.class).writeValueAsString(frame);
    }

    public static ServerFrame frame(String json) {
        return EventJson.MAPPER.readValue(json, ServerFrame.class);
    }
}

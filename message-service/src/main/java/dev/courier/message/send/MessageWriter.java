package dev.courier.message.send;

import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReplyTo;
import dev.courier.message.MessageProperties;
import dev.courier.message.delivery.Backoff;
import dev.courier.message.store.MessageGraveyard;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.SqlArrays;
import dev.courier.message.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Stores the sends of one poll with a few set-based statements in the caller's transaction, whatever their number:
 * the messages already stored under their ids, one upsert that takes a block of {@code seq} per conversation, the
 * participants not known yet, one insert of the messages, one of their deliveries. A message is stored once per id:
 * the same sender and id again is answered with what was stored (a retried send), an id another sender already used
 * is refused. A group message is one row with one delivery per member at send time; sender and recipients become
 * participants (who may read the history). While the conversation's disappearing timer is on, the message gets
 * {@code expires_at = sent_at + timer}.
 * <p>
 * A reply ({@link SendAuthorized#replyTo()}) is stored only when it quotes a message of its conversation that its
 * sender can see (sent it, or has a delivery of it): not deleted for everyone, not past its disappearing time, not
 * a system message, else it is refused {@code not_found}. The quoted messages are read with the ids already looked
 * up (the same statement); a quote of a message stored earlier in the same poll by the same sender is found there.
 */
@Repository
class MessageWriter {

    private final JdbcClient jdbc;
    private final KnownParticipants participants;
    private final Backoff backoff;

    MessageWriter(JdbcClient jdbc, KnownParticipants participants, MessageProperties properties) {
        this.jdbc = jdbc;
        this.participants = participants;
        this.backoff = Backoff.of(properties.retry());
    }

    /**
     * A send to store: the event and its recipients (the sender left out of a group's, and those it is withheld
     * from left out: they get no delivery row).
     */
    record Send(SendAuthorized event, List<String> recipients) {

        /** Withheld from a recipient who blocks the sender: kept out of that recipient's history. */
        boolean withheld() {
            return !event.withheldFrom().isEmpty();
        }

        String senderId() {
            return event.sender().userId();
        }

        String clientId() {
            return event.messageId();
        }
    }

    /** What became of one send. */
    sealed interface Stored {
    }

    /** Stored now. */
    record New(StoredMessage message) implements Stored {
    }

    /** The same sender stored a message under this id before (a retried send): that message, unchanged. */
    record Earlier(StoredMessage message) implements Stored {
    }

    /** Another sender's message has this id: nothing stored. */
    record Refused(ErrorFrame error) implements Stored {
    }

    /**
     * The same sender's message under this id has disappeared or expired: this send is a replay of it (a record
     * handed over again), and nothing is stored or told: the sender heard "sent" the first time.
     */
    record Gone() implements Stored {
    }

    /**
     * Stores every send in the caller's transaction and answers, in order, what became of each. Conversation rows
     * are locked (the {@code seq} upsert) in id order, so two transactions never wait on each other crosswise; a
     * rollback gives the numbers back, so {@code seq} has no gaps.
     */
    List<Stored> storeAll(List<Send> sends, Instant now) {
        Map<String, StoredMessage> earlier = new HashMap<>();
        Map<String, String> goneSenders = new HashMap<>();
        Map<ReplyQuotes.Asked, ReplyQuotes.Found> quoted = new HashMap<>();
        knownUnder(sends.stream().map(Send::clientId).distinct().toList(),
                sends.stream().map(ReplyQuotes.Asked::of).filter(Objects::nonNull).distinct().toList(),
                earlier, goneSenders, quoted);
        Stored[] results = new Stored[sends.size()];
        Map<String, Integer> firstOfId = new HashMap<>();
        Map<String, Send> storedInPoll = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        List<ReplyTo> quotes = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            StoredMessage stored = earlier.get(send.clientId());
            String goneSender = goneSenders.get(send.clientId());
            Integer first = firstOfId.putIfAbsent(send.clientId(), i);
            if (stored != null) {
                results[i] = stored.senderId().equals(send.senderId()) ? new Earlier(stored) : refused(send);
            } else if (goneSender != null) {
                results[i] = goneSender.equals(send.senderId()) ? new Gone() : refused(send);
            } else if (first == null) {
                ReplyTo quote = send.event().replyTo() == null ? null
                        : ReplyQuotes.quoteOf(send, quoted.get(ReplyQuotes.Asked.of(send)), storedInPoll, now);
                if (send.event().replyTo() != null && quote == null) {
                    results[i] = new Refused(new ErrorFrame(ErrorFrame.NOT_FOUND,
                            "replyTo names no message of this conversation you can see", send.clientId()));
                } else {
                    fresh.add(i);
                    quotes.add(quote);
                    storedInPoll.put(send.clientId(), send);
                }
            }
        }
        if (!fresh.isEmpty()) {
            List<Send> toStore = fresh.stream().map(sends::get).toList();
            List<StoredMessage> stored = insert(toStore, quotes, now);
            for (int k = 0; k < fresh.size(); k++) {
                results[fresh.get(k)] = new New(stored.get(k));
            }
        }
        // The same id twice in one poll: the second is the first's retry, or another sender's reuse of the id.
        for (int i = 0; i < sends.size(); i++) {
            if (results[i] == null) {
                Stored first = results[firstOfId.get(sends.get(i).clientId())];
                StoredMessage message = first instanceof New made ? made.message() : null;
                boolean sameSender = sends.get(firstOfId.get(sends.get(i).clientId())).senderId()
                        .equals(sends.get(i).senderId());
                results[i] = message != null && sameSender ? new Earlier(message)
                        : first instanceof Refused notStored && sameSender ? notStored : refused(sends.get(i));
            }
        }
        return List.of(results);
    }

    private static Refused refused(Send send) {
        return new Refused(new ErrorFrame(ErrorFrame.INVALID, "id is already used by another message",
                send.clientId()));
    }

    /**
     * Fills in, in one statement, the stored message under each of these ids and the sender of each id whose
     * message is gone (see {@link MessageGraveyard}), and the messages the replies quote, each with whether its
     * replier sent or received it.
     */
    private void knownUnder(List<String> clientIds, List<ReplyQuotes.Asked> quotes, Map<String, StoredMessage> stored,
                            Map<String, String> gone, Map<ReplyQuotes.Asked, ReplyQuotes.Found> quoted) {
        List<String> asked = new ArrayList<>(clientIds);
        List<String> repliers = new ArrayList<>(Collections.nCopies(clientIds.size(), (String) null));
        quotes.forEach(quote -> {
            asked.add(quote.quotedId());
            repliers.add(quote.replier());
        });
        jdbc.sql("select " + MessageRows.COLUMNS + """
                        , g.sender_id as gone_sender_id, asked.client_id as asked_id, asked.replier,
                          asked.replier is not null and (m.sender_id = asked.replier
                              or exists (select 1 from delivery d
                                         where d.message_id = m.id and d.recipient_id = asked.replier)) as seen
                        from unnest(:clientIds::text[], :repliers::text[]) as asked(client_id, replier)
                        left join message m on m.client_id = asked.client_id
                        left join gone_message g on g.client_id = asked.client_id and asked.replier is null
                        where m.id is not null or g.client_id is not null""")
                .param("clientIds", asked.toArray(String[]::new))
                .param("repliers", repliers.toArray(String[]::new))
                .query((rs, n) -> {
                    String replier = rs.getString("replier");
                    if (replier != null) {
                        quoted.put(new ReplyQuotes.Asked(rs.getString("asked_id"), replier),
                                new ReplyQuotes.Found(MessageRows.message(rs, n), rs.getBoolean("seen")));
                    } else if (rs.getObject("id") != null) {
                        stored.put(rs.getString("asked_id"), MessageRows.message(rs, n));
                    } else {
                        gone.put(rs.getString("asked_id"), rs.getString("gone_sender_id"));
                    }
                    return null;
                })
                .list();
    }

    /** Stores sends whose ids are new, with their quotes (null: no reply); answers their messages in order. */
    private List<StoredMessage> insert(List<Send> sends, List<ReplyTo> quotes, Instant now) {
        Map<String, Numbering> numbering = takeSeqs(sends, now);
        addParticipants(sends);
        List<Row> rows = new ArrayList<>(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            Numbering conversation = numbering.get(send.event().conversationId());
            long seq = conversation.next++;
            Instant expiresAt = conversation.disappearingSeconds > 0
                    ? now.plusSeconds(conversation.disappearingSeconds) : null;
            rows.add(new Row(send, seq, expiresAt, quotes.get(i)));
        }
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("""
                        insert into message (sender_id, client_id, conversation_id, seq, to_user, to_group, body,
                                             sent_at, expires_at, recipient_count, media_id, received_at, parsed_at,
                                             authorized_at, withheld, reply_to_id, reply_to_sender)
                        select r.sender_id, r.client_id, r.conversation_id, r.seq, r.to_user, r.to_group, r.body,
                               :sentAt, r.expires_at, r.recipient_count, r.media_id, r.received_at, r.parsed_at,
                               r.authorized_at, r.withheld, r.reply_to_id, r.reply_to_sender
                        from unnest(:senders::text[], :clientIds::text[], :conversations::text[], :seqs::bigint[],
                                    :toUsers::text[], :toGroups::text[], :bodies::text[], :expiresAt::timestamptz[],
                                    :recipientCounts::int[], :mediaIds::text[], :receivedAt::timestamptz[],
                                    :parsedAt::timestamptz[], :authorizedAt::timestamptz[], :withheld::boolean[],
                                    :replyToIds::text[], :replyToSenders::text[])
                             as r(sender_id, client_id, conversation_id, seq, to_user, to_group, body, expires_at,
                                  recipient_count, media_id, received_at, parsed_at, authorized_at, withheld,
                                  reply_to_id, reply_to_sender)
                        returning id, client_id""")
                .param("sentAt", MessageRows.timestamp(now))
                .param("senders", SqlArrays.texts(rows, row -> row.send().senderId()))
                .param("clientIds", SqlArrays.texts(rows, row -> row.send().clientId()))
                .param("conversations", SqlArrays.texts(rows, row -> row.send().event().conversationId()))
                .param("seqs", SqlArrays.longs(rows, Row::seq))
                .param("toUsers", SqlArrays.texts(rows, row -> row.send().event().to().user()))
                .param("toGroups", SqlArrays.texts(rows, row -> row.send().event().to().group()))
                .param("bodies", SqlArrays.texts(rows, row -> MessageRows.bodyJson(row.send().event().body())))
                .param("expiresAt", SqlArrays.times(rows, Row::expiresAt))
                .param("recipientCounts", SqlArrays.ints(rows, row -> row.send().recipients().size()))
                .param("mediaIds", SqlArrays.texts(rows, row -> row.send().event().body().image() == null ? null
                        : row.send().event().body().image().mediaId()))
                .param("receivedAt", SqlArrays.times(rows, row -> row.send().event().receivedAt()))
                .param("parsedAt", SqlArrays.times(rows, row -> row.send().event().parsedAt()))
                .param("authorizedAt", SqlArrays.times(rows, row -> row.send().event().at()))
                .param("withheld", SqlArrays.booleans(rows, row -> row.send().withheld()))
                .param("replyToIds", SqlArrays.texts(rows, row -> row.quote() == null ? null : row.quote().id()))
                .param("replyToSenders", SqlArrays.texts(rows, row -> row.quote() == null ? null
                        : row.quote().from()))
                .query((rs, n) -> Map.entry(rs.getString("client_id"), rs.getLong("id")))
                .list()
                .forEach(id -> ids.put(id.getKey(), id.getValue()));

        record Pending(long messageId, String recipientId) {
        }
        List<Pending> deliveries = new ArrayList<>();
        List<StoredMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            SendAuthorized event = row.send().event();
            long id = ids.get(row.send().clientId());
            row.send().recipients().forEach(recipient -> deliveries.add(new Pending(id, recipient)));
            messages.add(new StoredMessage(id, event.messageId(), event.sender().userId(), event.conversationId(),
                    row.seq(), event.to(), event.body(), now, row.expiresAt(), row.quote()));
        }
        if (!deliveries.isEmpty()) {
            jdbc.sql("""
                            insert into delivery (message_id, recipient_id, status, attempts, next_attempt_at)
                            select d.message_id, d.recipient_id, 'pending', 0, :next
                            from unnest(:messageIds::bigint[], :recipients::text[]) as d(message_id, recipient_id)""")
                    .param("next", MessageRows.timestamp(now.plus(backoff.after(0))))
                    .param("messageIds", SqlArrays.longs(deliveries, Pending::messageId))
                    .param("recipients", SqlArrays.texts(deliveries, Pending::recipientId))
                    .update();
        }
        return messages;
    }

    /**
     * One upsert for every conversation of the poll: a new conversation starts at 1, an existing one moves its
     * counter on by its number of new messages; each answers the first {@code seq} of its block and its timer.
     */
    private Map<String, Numbering> takeSeqs(List<Send> sends, Instant now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> kinds = new HashMap<>();
        for (Send send : sends) {
            counts.merge(send.event().conversationId(), 1, Integer::sum);
            kinds.put(send.event().conversationId(), send.event().to().isGroup() ? "group" : "direct");
        }
        List<String> ids = counts.keySet().stream().sorted().toList();
        Map<String, Numbering> numbering = new HashMap<>();
        jdbc.sql("""
                        insert into conversation (id, kind, next_seq, created_at)
                        select c.id, c.kind, c.n + 1, :now
                        from unnest(:ids::text[], :kinds::text[], :counts::bigint[]) as c(id, kind, n)
                        order by c.id
                        on conflict (id) do update set next_seq = conversation.next_seq + excluded.next_seq - 1
                        returning id, next_seq, disappearing_seconds""")
                .param("now", MessageRows.timestamp(now))
                .param("ids", ids.toArray(String[]::new))
                .param("kinds", ids.stream().map(kinds::get).toArray(String[]::new))
                .param("counts", ids.stream().map(id -> (long) counts.get(id)).toArray(Long[]::new))
                .query((rs, n) -> {
                    String id = rs.getString("id");
                    return new Numbering(id, rs.getLong("next_seq") - counts.get(id),
                            rs.getLong("disappearing_seconds"));
                })
                .list()
                .forEach(conversation -> numbering.put(conversation.id, conversation));
        return numbering;
    }

    /** Writes the (conversation, user) pairs not known to be written; remembers them once committed. */
    private void addParticipants(List<Send> sends) {
        record Pair(String conversationId, String userId) {
        }
        Set<Pair> unknown = new LinkedHashSet<>();
        for (Send send : sends) {
            String conversationId = send.event().conversationId();
            if (!participants.contains(conversationId, send.senderId())) {
                unknown.add(new Pair(conversationId, send.senderId()));
            }
            for (String recipient : send.recipients()) {
                if (!participants.contains(conversationId, recipient)) {
                    unknown.add(new Pair(conversationId, recipient));
                }
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into conversation_participant (conversation_id, user_id)
                        select * from unnest(:conversations::text[], :users::text[])
                        on conflict do nothing""")
                .param("conversations", SqlArrays.texts(unknown, Pair::conversationId))
                .param("users", SqlArrays.texts(unknown, Pair::userId))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                unknown.forEach(pair -> participants.remember(pair.conversationId(), pair.userId()));
            }
        });
    }

    /** A conversation's block of numbers in this poll, taken one by one as its messages are stored. */
    private static final class Numbering {

        private final String id;
        private final long disappearingSeconds;
        private long next;

        Numbering(String id, long first, long disappearingSeconds) {
            this.id = id;
            this.next = first;
            this.disappearingSeconds = disappearingSeconds;
        }
    }

    private record Row(Send send, long seq, Instant expiresAt, ReplyTo quote) {
    }
}

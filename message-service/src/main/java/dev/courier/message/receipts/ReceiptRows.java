package dev.courier.message.receipts;

import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.SqlArrays;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The delivery rows a poll's receipts name, locked and read at once, moved in memory, and written back with one
 * statement per table. Group messages are locked before their deliveries, in id order (as the expiry job locks
 * messages, then deliveries), so that two members' receipts for one message take turns: the second sees the first's
 * change, and exactly one of them completes each {@code all:true} receipt. Deliveries are locked in key order, as the
 * expiry and disappearing jobs lock them, so none of them deadlock. A disappearing message past its
 * {@code expires_at} is gone for everyone, even before the job deletes it: its receipts are ignored. A message deleted
 * for everyone is not moved either; its receipts are answered {@code error not_found} ({@link #deleted}).
 */
@Repository
class ReceiptRows {

    private final JdbcClient jdbc;

    ReceiptRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks and reads every delivery the receipts name (of messages the reader received). */
    Locked lock(List<ReceiptHandler.Receipt> receipts, Instant now) {
        record Named(String reader, String clientId) {
        }
        Set<Named> named = new LinkedHashSet<>();
        receipts.forEach(receipt -> receipt.messageIds().forEach(id -> named.add(new Named(receipt.reader(), id))));
        String[] readers = SqlArrays.texts(named, Named::reader);
        String[] clientIds = SqlArrays.texts(named, Named::clientId);
        jdbc.sql("""
                        select m.id from message m
                        where m.client_id = any(:clientIds) and m.to_group is not null
                          and exists (select 1 from delivery d where d.message_id = m.id
                                      and d.recipient_id = any(:readers))
                        order by m.id
                        for no key update of m""")
                .param("clientIds", clientIds)
                .param("readers", readers)
                .query(Long.class)
                .list();
        Map<Long, Message> messages = new HashMap<>();
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        jdbc.sql("""
                        select d.message_id, d.recipient_id, d.status, d.delivered_at, d.read_at, d.moved_by_record,
                               m.client_id, m.sender_id, m.conversation_id, m.sent_at, m.to_group, m.recipient_count,
                               m.all_delivered_at, m.all_read_at, m.all_delivered_by_record, m.all_read_by_record
                        from unnest(:readers::text[], :clientIds::text[]) as r(reader, client_id)
                        join message m on m.client_id = r.client_id
                        join delivery d on d.message_id = m.id and d.recipient_id = r.reader
                        where (m.expires_at is null or m.expires_at > :now) and m.deleted_at is null
                        order by d.message_id, d.recipient_id
                        for update of d""")
                .param("readers", readers)
                .param("clientIds", clientIds)
                .param("now", MessageRows.timestamp(now))
                .query((rs, n) -> {
                    long messageId = rs.getLong("message_id");
                    Message message = messages.get(messageId);
                    if (message == null) {
                        message = new Message(messageId, rs.getString("client_id"), rs.getString("sender_id"),
                                rs.getString("conversation_id"), MessageRows.instant(rs, "sent_at"),
                                rs.getString("to_group") != null, rs.getInt("recipient_count"),
                                MessageRows.instant(rs, "all_delivered_at"), MessageRows.instant(rs, "all_read_at"),
                                rs.getObject("all_delivered_by_record", Long.class),
                                rs.getObject("all_read_by_record", Long.class));
                        messages.put(messageId, message);
                    }
                    return new Delivery(message, rs.getString("recipient_id"),
                            DeliveryStatus.ofColumn(rs.getString("status")), MessageRows.instant(rs, "delivered_at"),
                            MessageRows.instant(rs, "read_at"), rs.getObject("moved_by_record", Long.class));
                })
                .list()
                .forEach(delivery -> deliveries.put(key(delivery.message().clientId(), delivery.recipientId()),
                        delivery));
        countReached(messages.values().stream().filter(Message::awaitsAll).toList());
        return new Locked(deliveries, messages.values());
    }

    /**
     * Of these (reader, client id) pairs, those naming a message deleted for everyone in a conversation the reader
     * takes part in: their receipts are answered {@code error not_found}.
     */
    Set<String> deleted(List<String> readers, List<String> clientIds) {
        Set<String> found = new LinkedHashSet<>();
        jdbc.sql("""
                        select r.reader, m.client_id
                        from unnest(:readers::text[], :clientIds::text[]) as r(reader, client_id)
                        join message m on m.client_id = r.client_id and m.deleted_at is not null
                        where exists (select 1 from conversation_participant p
                                      where p.conversation_id = m.conversation_id and p.user_id = r.reader)""")
                .param("readers", readers.toArray(String[]::new))
                .param("clientIds", clientIds.toArray(String[]::new))
                .query((RowCallbackHandler) rs -> found.add(key(rs.getString("client_id"), rs.getString("reader"))));
        return found;
    }

    static String deletedKey(String clientId, String reader) {
        return key(clientId, reader);
    }

    /** For group messages still owed an {@code all:true} receipt: how many recipients reached each status. */
    private void countReached(List<Message> groupMessages) {
        if (groupMessages.isEmpty()) {
            return;
        }
        Map<Long, Message> byId = new HashMap<>();
        groupMessages.forEach(message -> byId.put(message.id, message));
        jdbc.sql("""
                        select message_id,
                               count(*) filter (where status in ('delivered', 'read')) as delivered,
                               count(*) filter (where status = 'read') as read
                        from delivery where message_id = any(:ids) group by message_id""")
                .param("ids", byId.keySet().toArray(Long[]::new))
                .query((RowCallbackHandler) rs -> {
                    Message message = byId.get(rs.getLong("message_id"));
                    message.delivered = rs.getInt("delivered");
                    message.read = rs.getInt("read");
                });
    }

    /** Writes back what moved: one update of the deliveries, one of the group messages' marks. */
    void save(Locked locked) {
        List<Delivery> moved = locked.deliveries.values().stream().filter(delivery -> delivery.moved).toList();
        if (!moved.isEmpty()) {
            jdbc.sql("""
                            update delivery d set status = u.status, delivered_at = u.delivered_at,
                                                  read_at = u.read_at, moved_by_record = u.moved_by_record
                            from unnest(:messageIds::bigint[], :recipients::text[], :statuses::text[],
                                        :deliveredAt::timestamptz[], :readAt::timestamptz[], :records::bigint[])
                                 as u(message_id, recipient_id, status, delivered_at, read_at, moved_by_record)
                            where d.message_id = u.message_id and d.recipient_id = u.recipient_id""")
                    .param("messageIds", SqlArrays.longs(moved, delivery -> delivery.message().id))
                    .param("recipients", SqlArrays.texts(moved, Delivery::recipientId))
                    .param("statuses", SqlArrays.texts(moved, delivery -> delivery.status().column()))
                    .param("deliveredAt", SqlArrays.times(moved, delivery -> delivery.deliveredAt))
                    .param("readAt", SqlArrays.times(moved, delivery -> delivery.readAt))
                    .param("records", SqlArrays.longs(moved, delivery -> delivery.movedByRecord))
                    .update();
        }
        List<Message> marked = locked.messages.stream().filter(message -> message.marked).toList();
        if (!marked.isEmpty()) {
            jdbc.sql("""
                            update message m set all_delivered_at = u.all_delivered_at, all_read_at = u.all_read_at,
                                                 all_delivered_by_record = u.all_delivered_by_record,
                                                 all_read_by_record = u.all_read_by_record
                            from unnest(:ids::bigint[], :allDelivered::timestamptz[], :allRead::timestamptz[],
                                        :allDeliveredBy::bigint[], :allReadBy::bigint[])
                                 as u(id, all_delivered_at, all_read_at, all_delivered_by_record, all_read_by_record)
                            where m.id = u.id""")
                    .param("ids", SqlArrays.longs(marked, message -> message.id))
                    .param("allDelivered", SqlArrays.times(marked, message -> message.allDeliveredAt))
                    .param("allRead", SqlArrays.times(marked, message -> message.allReadAt))
                    .param("allDeliveredBy", SqlArrays.longs(marked, message -> message.allDeliveredBy))
                    .param("allReadBy", SqlArrays.longs(marked, message -> message.allReadBy))
                    .update();
        }
    }

    private static String key(String clientId, String recipientId) {
        return clientId + '\n' + recipientId;
    }

    /** The locked rows of one unit of work. */
    static final class Locked {

        private final Map<String, Delivery> deliveries;
        private final Collection<Message> messages;

        private Locked(Map<String, Delivery> deliveries, Collection<Message> messages) {
            this.deliveries = deliveries;
            this.messages = messages;
        }

        /** The reader's delivery of the message with this client id, or null if it has none (or it expired). */
        Delivery delivery(String clientId, String reader) {
            return deliveries.get(key(clientId, reader));
        }
    }

    /** One recipient's delivery of a message, as locked, and as moved since. */
    static final class Delivery {

        private final Message message;
        private final String recipientId;
        private DeliveryStatus status;
        private Instant deliveredAt;
        private Instant readAt;
        private Long movedByRecord;
        private boolean moved;

        private Delivery(Message message, String recipientId, DeliveryStatus status, Instant deliveredAt,
                         Instant readAt, Long movedByRecord) {
            this.message = message;
            this.recipientId = recipientId;
            this.status = status;
            this.deliveredAt = deliveredAt;
            this.readAt = readAt;
            this.movedByRecord = movedByRecord;
        }

        Message message() {
            return message;
        }

        String recipientId() {
            return recipientId;
        }

        DeliveryStatus status() {
            return status;
        }

        /** Moves to {@code next} at {@code at}, by the record {@code recordKey} (null: not from a record). */
        void move(DeliveryStatus next, Instant at, Long recordKey) {
            status = next;
            deliveredAt = deliveredAt == null ? at : deliveredAt;
            if (next == DeliveryStatus.READ) {
                readAt = at;
            }
            movedByRecord = recordKey;
            moved = true;
        }

        /**
         * Whether the record {@code recordKey}, with a receipt of {@code status}, made this row what it is: the
         * record is being handed over again (its first handling may have died before its frames reached Kafka).
         */
        boolean movedBy(ReceiptStatus status, Long recordKey) {
            boolean same = recordKey != null && recordKey.equals(movedByRecord);
            return switch (status) {
                case DELIVERED -> same && this.status == DeliveryStatus.DELIVERED;
                case READ -> same && this.status == DeliveryStatus.READ;
                case SENT -> false;
            };
        }
    }

    /** A message whose deliveries are locked; for a group message, its {@code all:true} marks and counts. */
    static final class Message {

        private final long id;
        private final String clientId;
        private final String senderId;
        private final String conversationId;
        private final Instant sentAt;
        private final boolean group;
        private final int recipientCount;
        private Instant allDeliveredAt;
        private Instant allReadAt;
        private Long allDeliveredBy;
        private Long allReadBy;
        private int delivered;
        private int read;
        private boolean marked;

        private Message(long id, String clientId, String senderId, String conversationId, Instant sentAt,
                        boolean group, int recipientCount, Instant allDeliveredAt, Instant allReadAt,
                        Long allDeliveredBy, Long allReadBy) {
            this.id = id;
            this.clientId = clientId;
            this.senderId = senderId;
            this.conversationId = conversationId;
            this.sentAt = sentAt;
            this.group = group;
            this.recipientCount = recipientCount;
            this.allDeliveredAt = allDeliveredAt;
            this.allReadAt = allReadAt;
            this.allDeliveredBy = allDeliveredBy;
            this.allReadBy = allReadBy;
        }

        String clientId() {
            return clientId;
        }

        String senderId() {
            return senderId;
        }

        String conversationId() {
            return conversationId;
        }

        Instant sentAt() {
            return sentAt;
        }

        /**
         * A group message with recipients still owed an {@code all:true} receipt. Compared with the count at send
         * time, not with the rows left: the expiry job deletes the rows of recipients who never got the message,
         * and they have not reached anything. A group message with no recipients gets none: nobody to reach.
         */
        boolean awaitsAll() {
            return group && recipientCount > 0 && (allDeliveredAt == null || allReadAt == null);
        }

        /**
         * One recipient moved from {@code from} to {@code to} at {@code at} (by the record {@code recordKey}): the
         * {@code all:true} statuses this completed (delivered, read, or both in that order: the last recipient's
         * read can complete both).
         */
        List<ReceiptStatus> recipientMoved(DeliveryStatus from, DeliveryStatus to, Instant at, Long recordKey) {
            if (!awaitsAll()) {
                return List.of();
            }
            if (from == DeliveryStatus.PENDING) {
                delivered++;
            }
            if (to == DeliveryStatus.READ) {
                read++;
            }
            List<ReceiptStatus> completed = new ArrayList<>(2);
            if (allDeliveredAt == null && delivered >= recipientCount) {
                allDeliveredAt = at;
                allDeliveredBy = recordKey;
                completed.add(ReceiptStatus.DELIVERED);
            }
            if (allReadAt == null && read >= recipientCount) {
                allReadAt = at;
                allReadBy = recordKey;
                completed.add(ReceiptStatus.READ);
            }
            marked |= !completed.isEmpty();
            return completed;
        }

        /**
         * The {@code all:true} statuses the record {@code recordKey} completed (it is being handed over again), in
         * order; a delivered one only while no other record completed read since (read implies delivered).
         */
        List<ReceiptStatus> completedBy(Long recordKey) {
            List<ReceiptStatus> completed = new ArrayList<>(2);
            if (recordKey == null) {
                return completed;
            }
            if (recordKey.equals(allDeliveredBy) && (allReadAt == null || recordKey.equals(allReadBy))) {
                completed.add(ReceiptStatus.DELIVERED);
            }
            if (recordKey.equals(allReadBy)) {
                completed.add(ReceiptStatus.READ);
            }
            return completed;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message message && message.id == id;
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(id);
        }
    }
}

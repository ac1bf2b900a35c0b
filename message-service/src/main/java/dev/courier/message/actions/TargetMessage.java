package dev.courier.message.actions;

import dev.courier.contracts.frames.MessageBody;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A message that a poll's actions name, as locked for the unit of work, and as its actions changed it since (they
 * apply in record order: a react after a delete in the same poll finds it deleted). Not thread-safe.
 */
final class TargetMessage {

    final long id;
    final String clientId;
    final String senderId;
    final String conversationId;
    final String toUser;
    final String groupId;
    final Instant sentAt;
    final boolean gone;
    /** Who received it (its delivery rows): the peer of a direct message, the members it was sent to in a group. */
    final Set<String> recipients = new LinkedHashSet<>();
    MessageBody body;
    String mediaId;
    boolean deleted;
    boolean edited;
    boolean deletedNow;
    Instant changedAt;
    String deletedBy;

    TargetMessage(long id, String clientId, String senderId, String conversationId, String toUser, String groupId,
                  Instant sentAt, boolean gone, MessageBody body, String mediaId, boolean deleted) {
        this.id = id;
        this.clientId = clientId;
        this.senderId = senderId;
        this.conversationId = conversationId;
        this.toUser = toUser;
        this.groupId = groupId;
        this.sentAt = sentAt;
        this.gone = gone;
        this.body = body;
        this.mediaId = mediaId;
        this.deleted = deleted;
    }

    boolean isGroup() {
        return groupId != null;
    }

    /** There to act on: not a system message, not past its disappearing time, not deleted for everyone. */
    boolean isLive() {
        return !gone && !deleted;
    }

    /** The sender and those it was sent to: who may see it. */
    boolean isSeenBy(String userId) {
        return senderId.equals(userId) || (isGroup() ? recipients.contains(userId) : userId.equals(toUser));
    }

    /** Everyone who has (or had) the message: the sender first, then its recipients. */
    List<String> participants() {
        Set<String> users = new LinkedHashSet<>();
        users.add(senderId);
        if (isGroup()) {
            users.addAll(recipients);
        } else if (toUser != null) {
            users.add(toUser);
        }
        return List.copyOf(users);
    }

    void edit(MessageBody newBody, Instant at) {
        body = newBody;
        edited = true;
        changedAt = at;
    }

    void delete(String by, Instant at) {
        body = null;
        deleted = true;
        deletedNow = true;
        deletedBy = by;
        changedAt = at;
    }
}

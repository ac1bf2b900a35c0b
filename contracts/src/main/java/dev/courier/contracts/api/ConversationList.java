package dev.courier.contracts.api;

import dev.courier.contracts.frames.MessageFrame;

import java.util.List;

/**
 * {@code GET /api/conversations?limit=}: the caller's conversations, the one with the newest message first, as a
 * chat list shows them. {@code participants} lists a direct chat's two users (empty for a group: its members come
 * from group-service); {@code lastMessage} is the newest message the caller may see (null when none is left),
 * {@code unread} how many messages sent to the caller it has not read, and {@code disappearingSeconds} the timer
 * (0 = off).
 */
public record ConversationList(List<Summary> conversations) {

    public record Summary(String conversationId, String kind, List<String> participants, MessageFrame lastMessage,
                          long unread, long disappearingSeconds) {
    }
}

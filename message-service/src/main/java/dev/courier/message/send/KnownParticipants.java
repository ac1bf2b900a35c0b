package dev.courier.message.send;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * The (conversation, user) pairs this instance knows to be in {@code conversation_participant}: participants are
 * never removed, so a pair written once need not be written with every later message of the conversation (a chat's
 * every message, a group's every member, would otherwise be an insert that conflicts). Only committed rows are
 * remembered; a pair forgotten (bounded) or written by another instance costs one {@code on conflict do nothing}.
 */
@Component
class KnownParticipants {

    private static final long CAPACITY = 200_000;

    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(CAPACITY).build();

    boolean contains(String conversationId, String userId) {
        return known.getIfPresent(key(conversationId, userId)) != null;
    }

    void remember(String conversationId, String userId) {
        known.put(key(conversationId, userId), Boolean.TRUE);
    }

    private static String key(String conversationId, String userId) {
        return conversationId + '\n' + userId;
    }
}

package dev.courier.message.disappearing;

import dev.courier.contracts.frames.ExpiredFrame;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is told that a batch of disappearing messages is gone, and with which {@code expired} frames (one per user
 * and conversation, its ids in the batch's order). Users with a connected device get them there: the sender and
 * every recipient of each message. Users with none get them as pending notices only if they had the message: the
 * sender, and recipients whose delivery reached {@code delivered} or {@code read}; a recipient that never got it
 * is not told about it, ever.
 *
 * @param connected frames for users with a connected device
 * @param kept      frames to keep for users without one
 */
record ExpiredAudience(Map<String, List<ExpiredFrame>> connected, Map<String, List<ExpiredFrame>> kept) {

    /** A deleted message. */
    record Message(long id, String clientId, String senderId, String conversationId) {
    }

    /** One of its deleted delivery rows. */
    record Delivery(long messageId, String recipientId, String status) {

        boolean received() {
            return !"pending".equals(status);
        }
    }

    static ExpiredAudience of(List<Message> messages, Collection<Delivery> deliveries, Set<String> online) {
        Map<Long, List<Delivery>> byMessage = new LinkedHashMap<>();
        deliveries.forEach(d -> byMessage.computeIfAbsent(d.messageId(), id -> new ArrayList<>()).add(d));
        // user -> conversation -> client ids
        Map<String, Map<String, Set<String>>> connected = new LinkedHashMap<>();
        Map<String, Map<String, Set<String>>> kept = new LinkedHashMap<>();
        for (Message message : messages) {
            tell(message.senderId(), true, message, online, connected, kept);
            for (Delivery delivery : byMessage.getOrDefault(message.id(), List.of())) {
                tell(delivery.recipientId(), delivery.received(), message, online, connected, kept);
            }
        }
        return new ExpiredAudience(frames(connected), frames(kept));
    }

    private static void tell(String user, boolean hadIt, Message message, Set<String> online,
                             Map<String, Map<String, Set<String>>> connected,
                             Map<String, Map<String, Set<String>>> kept) {
        Map<String, Map<String, Set<String>>> target = online.contains(user) ? connected : hadIt ? kept : null;
        if (target != null) {
            target.computeIfAbsent(user, u -> new LinkedHashMap<>())
                    .computeIfAbsent(message.conversationId(), c -> new LinkedHashSet<>())
                    .add(message.clientId());
        }
    }

    private static Map<String, List<ExpiredFrame>> frames(Map<String, Map<String, Set<String>>> ids) {
        Map<String, List<ExpiredFrame>> frames = new LinkedHashMap<>();
        ids.forEach((user, byConversation) -> byConversation.forEach((conversation, clientIds) ->
                frames.computeIfAbsent(user, u -> new ArrayList<>())
                        .add(new ExpiredFrame(conversation, List.copyOf(clientIds)))));
        return frames;
    }

    /** Everyone concerned, connected or not. */
    static Set<String> users(List<Message> messages, Collection<Delivery> deliveries) {
        Set<String> users = new LinkedHashSet<>();
        messages.forEach(m -> users.add(m.senderId()));
        deliveries.forEach(d -> users.add(d.recipientId()));
        return users;
    }
}

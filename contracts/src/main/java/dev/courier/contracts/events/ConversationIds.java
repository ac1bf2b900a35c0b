package dev.courier.contracts.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Conversation ids. A direct chat's id is the same for both users, whoever writes first: a name-based UUID of
 * the two user ids in sorted order. A group's conversation id is the group id.
 */
public final class ConversationIds {

    private ConversationIds() {
    }

    public static String direct(String userA, String userB) {
        String first = userA.compareTo(userB) <= 0 ? userA : userB;
        String second = first.equals(userA) ? userB : userA;
        return UUID.nameUUIDFromBytes(("direct:" + first + ":" + second).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package dev.courier.lastseen.push;

import dev.courier.lastseen.LastSeenProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users who are owed a push, each waiting {@code debounce} after its first message: messages that arrive meanwhile
 * join the same push, which names the newest. Then {@link PushDelivery} takes over on a sender thread.
 */
@Component
class PendingPushes {

    private final Map<String, StoredMessage> newest = new ConcurrentHashMap<>();
    private final PushQueue queue;
    private final PushDelivery delivery;
    private final Duration debounce;

    PendingPushes(PushQueue queue, PushDelivery delivery, LastSeenProperties properties) {
        this.queue = queue;
        this.delivery = delivery;
        this.debounce = properties.push().debounce();
    }

    void add(String userId, StoredMessage message) {
        if (newest.put(userId, message) == null && !queue.after(debounce, () -> due(userId))) {
            newest.remove(userId);
        }
    }

    private void due(String userId) {
        StoredMessage message = newest.remove(userId);
        if (message != null) {
            queue.submit(() -> delivery.deliver(userId, message));
        }
    }
}

package dev.courier.gateway.websocket;

import dev.courier.contracts.events.FrameOutbound.ReceiptProgress;
import dev.courier.contracts.frames.ReceiptStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code read} receipts one socket was sent lately, so that a {@code delivered} receipt for the same message and
 * recipient coming after it is dropped: the socket was already told more. That order happens when a service
 * replays records after a crash (Kafka delivers at least once: a parser killed before it committed its offsets
 * sends the last receipts again, {@code delivered} then {@code read}). Frames are addressed to one socket, and a
 * replay reaches only the socket the original went to, so remembering per socket is enough. Bounded: the oldest
 * are forgotten first; a replay is of the last moments, not of hours. Not thread-safe: its socket guards it.
 */
final class ReceiptProgressMemory {

    private final Map<String, Boolean> readKeys;

    ReceiptProgressMemory(int capacity) {
        this.readKeys = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code receipt} as sent and answers true, or answers false if it is behind one sent before. */
    boolean advances(ReceiptProgress receipt) {
        String key = receipt.messageId() + ' ' + receipt.by();
        if (receipt.status() == ReceiptStatus.READ) {
            readKeys.put(key, Boolean.TRUE);
            return true;
        }
        return !(receipt.status() == ReceiptStatus.DELIVERED && readKeys.containsKey(key));
    }
}

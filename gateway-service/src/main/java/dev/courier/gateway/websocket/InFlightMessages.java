package dev.courier.gateway.websocket;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code message} frames written to one socket and not yet acknowledged, oldest first, at most
 * {@code capacity} of them (the oldest is forgotten first: message-service's retry timer, not this store, resends).
 * Thread-safe: the outbound listener adds and removes while the socket's threads read the size.
 */
final class InFlightMessages {

    private final Map<String, String> frames;

    InFlightMessages(int capacity) {
        this.frames = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(String messageId, String frameText) {
        frames.put(messageId, frameText);
    }

    synchronized void acknowledge(Collection<String> messageIds) {
        messageIds.forEach(frames::remove);
    }

    synchronized boolean contains(String messageId) {
        return frames.containsKey(messageId);
    }

    synchronized int size() {
        return frames.size();
    }

    synchronized void clear() {
        frames.clear();
    }
}

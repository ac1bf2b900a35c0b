package dev.courier.gateway.websocket;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code message} frames written to one socket and not yet acknowledged, oldest first: at most {@code capacity}
 * of them and at most {@code maxBytes} of frame text (UTF-8). Beyond either bound the oldest are forgotten first (a
 * frame larger than {@code maxBytes} by itself is not remembered at all). Forgetting loses nothing: the message is
 * stored in message-service, whose retry timer, not this store, resends it until the device acknowledges it, and
 * whose flush on connect sends it again after a reconnect. Thread-safe: the outbound listener adds and removes while
 * the socket's threads read the size.
 */
final class InFlightMessages {

    private record Frame(String text, long bytes) {
    }

    private final int capacity;
    private final long maxBytes;
    private final LinkedHashMap<String, Frame> frames = new LinkedHashMap<>();
    private long bytes;

    InFlightMessages(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    InFlightMessages(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * Remembers {@code frameText} as the frame of {@code messageId} (a resent one replaces the earlier copy and moves
     * to the newest place); answers how many frames were forgotten to stay within the bounds.
     */
    synchronized int add(String messageId, String frameText) {
        Frame previous = frames.remove(messageId);
        if (previous != null) {
            bytes -= previous.bytes();
        }
        Frame frame = new Frame(frameText, utf8Length(frameText));
        frames.put(messageId, frame);
        bytes += frame.bytes();
        int forgotten = 0;
        Iterator<Map.Entry<String, Frame>> oldestFirst = frames.entrySet().iterator();
        while ((frames.size() > capacity || bytes > maxBytes) && oldestFirst.hasNext()) {
            bytes -= oldestFirst.next().getValue().bytes();
            oldestFirst.remove();
            forgotten++;
        }
        return forgotten;
    }

    synchronized void acknowledge(Collection<String> messageIds) {
        for (String id : messageIds) {
            Frame frame = frames.remove(id);
            if (frame != null) {
                bytes -= frame.bytes();
            }
        }
    }

    synchronized boolean contains(String messageId) {
        return frames.containsKey(messageId);
    }

    synchronized int size() {
        return frames.size();
    }

    /** UTF-8 bytes of the frames remembered. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        frames.clear();
        bytes = 0;
    }

    /** The length of {@code text} encoded as UTF-8, without encoding it. */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}

package dev.courier.load;

import dev.courier.contracts.frames.MessageFrame;
import dev.courier.testkit.delivery.DeliveryChecker;
import dev.courier.testkit.delivery.DeliveryReport;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What arrived of the measured messages, per recipient: distinct deliveries, copies seen again by the same recipient
 * (at-least-once redelivery, {@link WorkloadResult#duplicates()}), and arrivals out of send order per sender and
 * recipient. It also feeds the test kit's {@link DeliveryChecker}, which adds what a client would show wrongly
 * (two different copies of one id, an id stored under two seqs, seq order broken, a message shown to a stranger).
 * Messages not registered with {@link #sent} (warm-up) are ignored. Thread-safe.
 */
final class DeliveryTally {

    private record Sent(long due, String sender, long index) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sendIndexes = new ConcurrentHashMap<>();
    private final Map<String, Integer> copies = new HashMap<>();
    private final Map<String, Long> lastIndex = new HashMap<>();
    private final DeliveryChecker checker = new DeliveryChecker();
    private long expected;
    private long delivered;
    private long duplicates;
    private long orderViolations;

    /**
     * Records a message about to be sent by {@code sender} to {@code recipients} (the sender, if listed, is
     * skipped), scheduled at {@code due}. Call it in the order the sender's frames are written.
     */
    void sent(String id, long due, String sender, Collection<String> recipients) {
        long index = sendIndexes.computeIfAbsent(sender, s -> new AtomicLong()).incrementAndGet();
        sent.put(id, new Sent(due, sender, index));
        checker.sent(sender, id, recipients);
        synchronized (this) {
            expected += recipients.stream().filter(r -> !r.equals(sender)).count();
        }
    }

    /** The scheduled time of a measured message, or null. */
    Long due(String id) {
        Sent send = sent.get(id);
        return send == null ? null : send.due();
    }

    /**
     * A {@code message} frame at a device of {@code recipient}; answers the message's scheduled time when this is
     * the recipient's first copy of a measured message, else null.
     */
    Long received(String recipient, MessageFrame message) {
        Sent send = sent.get(message.id());
        if (send == null) {
            return null;
        }
        checker.received(recipient, "device", new DeliveryChecker.Shown(message.id(), message.conversationId(),
                message.from(), message.seq(), ""));
        synchronized (this) {
            int copy = copies.merge(message.id() + ' ' + recipient, 1, Integer::sum);
            if (copy > 1) {
                duplicates++;
                return null;
            }
            delivered++;
            Long previous = lastIndex.put(send.sender() + ' ' + recipient, send.index());
            if (previous != null && previous > send.index()) {
                orderViolations++;
                lastIndex.put(send.sender() + ' ' + recipient, previous);
            }
            return send.due();
        }
    }

    /** The {@code sent} receipt of a measured message (its seq), for the checker. */
    void sentReceipt(String id, String conversationId, Long seq) {
        if (sent.containsKey(id) && seq != null) {
            checker.sentReceipt(id, conversationId, seq);
        }
    }

    synchronized long expected() {
        return expected;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long orderViolations() {
        return orderViolations;
    }

    DeliveryReport report() {
        return checker.report();
    }

    /** The checker's findings as extras: client-visible duplicates, seq order violations, misdelivered. */
    Map<String, Double> checkerExtras() {
        DeliveryReport report = report();
        return Map.of("clientVisibleDuplicates", (double) report.duplicates().size(),
                "seqOrderViolations", (double) report.orderViolations().size(),
                "misdelivered", (double) report.misdelivered().size(),
                "unacknowledged", (double) report.unacknowledged().size());
    }

    /** Up to {@code limit} findings of the checker, for the printed summary. */
    List<String> findings(int limit) {
        DeliveryReport report = report();
        return java.util.stream.Stream.of(report.duplicates(), report.orderViolations(), report.misdelivered())
                .flatMap(List::stream).limit(limit).toList();
    }
}

package dev.courier.load.xmpp;

import dev.courier.load.LatencyRecorder;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bookkeeping of one run: {@code streams} senders (a direct pair or a group), message i is sent on stream
 * (i mod streams) at scheduled time due(i) to that stream's {@code recipients} recipients, numbered
 * stream × recipients + k. A message's id is {@code run-i}, so that messages of earlier runs (offline storage hands
 * them out at login) and warm-up messages are told apart. Counts first deliveries per recipient, duplicates, order
 * violations (a message arriving at a recipient after a later one of the same stream), receipts and acks, once each;
 * the latencies go to the recorders.
 */
final class Tally {

    final LatencyRecorder delivery = new LatencyRecorder("send -> message at recipient");
    final LatencyRecorder lastRecipient = new LatencyRecorder("send -> last recipient");
    final LatencyRecorder sent = new LatencyRecorder("send -> XEP-0198 ack");
    final LatencyRecorder deliveredReceipt = new LatencyRecorder("send -> XEP-0184 receipt");

    private final String run;
    private final int streams;
    private final int recipients;
    private final AtomicLongArray due;
    private final AtomicIntegerArray deliveries;   // per message and recipient
    private final AtomicIntegerArray arrivals;     // per message: recipients reached
    private final AtomicIntegerArray receipts;
    private final AtomicIntegerArray acks;
    private final AtomicLongArray latestPerRecipient;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong orderViolations = new AtomicLong();
    private final AtomicLong wrongRecipient = new AtomicLong();
    private final AtomicLong receiptCount = new AtomicLong();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong lastArrival = new AtomicLong();

    Tally(String run, int streams, int recipients, int messages) {
        this.run = run;
        this.streams = streams;
        this.recipients = recipients;
        this.due = new AtomicLongArray(messages);
        this.deliveries = new AtomicIntegerArray(Math.multiplyExact(messages, recipients));
        this.arrivals = new AtomicIntegerArray(messages);
        this.receipts = new AtomicIntegerArray(messages);
        this.acks = new AtomicIntegerArray(messages);
        this.latestPerRecipient = new AtomicLongArray(streams * recipients);
        for (int r = 0; r < latestPerRecipient.length(); r++) {
            latestPerRecipient.set(r, -1);
        }
    }

    String id(int index) {
        return run + "-" + index;
    }

    int streamOf(int index) {
        return index % streams;
    }

    /** Message {@code index} is about to be sent; it was due at {@code dueNanos}. */
    void sending(int index, long dueNanos) {
        due.set(index, dueNanos);
    }

    /** A message with {@code id} arrived at recipient {@code recipient} (stream × recipients + k). */
    void received(int recipient, String id, long atNanos) {
        int index = index(id);
        if (index < 0) {
            return;
        }
        int stream = streamOf(index);
        if (recipient / recipients != stream) {
            wrongRecipient.incrementAndGet();
            return;
        }
        if (deliveries.incrementAndGet(index * recipients + recipient % recipients) > 1) {
            duplicates.incrementAndGet();
            return;
        }
        delivered.incrementAndGet();
        long latency = atNanos - due.get(index);
        delivery.record(latency);
        if (arrivals.incrementAndGet(index) == recipients) {
            lastRecipient.record(latency);
        }
        lastArrival.accumulateAndGet(atNanos, Math::max);
        if (latestPerRecipient.getAndAccumulate(recipient, index, Math::max) > index) {
            orderViolations.incrementAndGet();
        }
    }

    /** A XEP-0184 receipt for {@code id} arrived at its sender. */
    void receipt(String id, long atNanos) {
        int index = index(id);
        if (index >= 0 && receipts.incrementAndGet(index) == 1) {
            receiptCount.incrementAndGet();
            deliveredReceipt.record(atNanos - due.get(index));
        }
    }

    /** The server acknowledged (XEP-0198) message {@code index}. */
    void acked(int index, long atNanos) {
        if (acks.incrementAndGet(index) == 1) {
            ackCount.incrementAndGet();
            sent.record(atNanos - due.get(index));
        }
    }

    /** Deliveries: distinct (message, recipient). */
    long delivered() {
        return delivered.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long orderViolations() {
        return orderViolations.get();
    }

    long wrongRecipient() {
        return wrongRecipient.get();
    }

    long receipts() {
        return receiptCount.get();
    }

    long acks() {
        return ackCount.get();
    }

    long lastArrivalNanos() {
        return lastArrival.get();
    }

    /** The index of a message of this run, or -1. */
    private int index(String id) {
        if (id == null || !id.startsWith(run) || id.length() <= run.length() + 1 || id.charAt(run.length()) != '-') {
            return -1;
        }
        try {
            int index = Integer.parseInt(id, run.length() + 1, id.length(), 10);
            return index < due.length() ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

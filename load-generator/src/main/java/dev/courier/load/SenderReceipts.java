package dev.courier.load;

import dev.courier.client.CourierConnection.ReceivedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the sending clients hear back about the measured messages, one instance for all their sockets: the {@code sent}
 * receipt (latency from the scheduled send, once per message; its conversation and seq go to the tally), the
 * delivered receipt the workload waits for (latency, once per message), and error frames counted as rate-limited or
 * other. Receipts for messages the tally does not know (warm-up) are ignored. Thread-safe.
 */
final class SenderReceipts implements Consumer<ReceivedFrame> {

    private final DeliveryTally tally;
    private final LatencyRecorder sent;
    private final LatencyRecorder delivered;
    private final Predicate<ReceiptFrame> countsAsDelivered;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> receipted = ConcurrentHashMap.newKeySet();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong otherErrors = new AtomicLong();

    /**
     * @param countsAsDelivered which receipts at or past {@code delivered} end the wait (a group's sender waits for
     *                          the one that says all members have it)
     */
    SenderReceipts(DeliveryTally tally, LatencyRecorder sent, LatencyRecorder delivered,
                   Predicate<ReceiptFrame> countsAsDelivered) {
        this.tally = tally;
        this.sent = sent;
        this.delivered = delivered;
        this.countsAsDelivered = countsAsDelivered;
    }

    @Override
    public void accept(ReceivedFrame frame) {
        if (frame.frame() instanceof ReceiptFrame receipt) {
            Long due = tally.due(receipt.messageId());
            if (due == null) {
                return;
            }
            if (receipt.status() == ReceiptStatus.SENT) {
                if (acknowledged.add(receipt.messageId())) {
                    sent.record(frame.receivedAtNanos() - due);
                }
                tally.sentReceipt(receipt.messageId(), receipt.conversationId(), receipt.seq());
            } else if (receipt.status().isAtLeast(ReceiptStatus.DELIVERED) && countsAsDelivered.test(receipt)
                    && receipted.add(receipt.messageId())) {
                delivered.record(frame.receivedAtNanos() - due);
            }
        } else if (frame.frame() instanceof ErrorFrame error) {
            (ErrorFrame.RATE_LIMITED.equals(error.code()) ? rateLimited : otherErrors).incrementAndGet();
        }
    }

    /** Messages whose delivered receipt (as {@code countsAsDelivered} says) has come. */
    int delivered() {
        return receipted.size();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    long otherErrors() {
        return otherErrors.get();
    }
}

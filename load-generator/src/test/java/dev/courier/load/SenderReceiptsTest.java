package dev.courier.load;

import dev.courier.client.CourierConnection.ReceivedFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.ServerFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class SenderReceiptsTest {

    private final DeliveryTally tally = new DeliveryTally();
    private final LatencyRecorder sent = new LatencyRecorder("sent");
    private final LatencyRecorder delivered = new LatencyRecorder("delivered");

    @Test
    void recordsEachMessagesSentAndDeliveredReceiptOnceFromItsScheduledTime() {
        SenderReceipts receipts = new SenderReceipts(tally, sent, delivered, receipt -> true);
        tally.sent("m1", 1_000, "alice", List.of("bob"));

        receipts.accept(frame(ReceiptFrame.sent("m1", "c1", 1, 0), 4_000));
        receipts.accept(frame(ReceiptFrame.sent("m1", "c1", 1, 0), 9_000));
        receipts.accept(frame(ReceiptFrame.by(ReceiptStatus.DELIVERED, "m1", "c1", "bob", 0), 6_000));
        receipts.accept(frame(ReceiptFrame.by(ReceiptStatus.READ, "m1", "c1", "bob", 0), 8_000));
        receipts.accept(frame(ReceiptFrame.sent("warm-up", "c1", 2, 0), 5_000));

        assertThat(sent.count()).isEqualTo(1);
        assertThat(sent.summary().maxMillis()).isEqualTo(3_000 / 1e6, offset(1e-3));
        assertThat(delivered.count()).isEqualTo(1);
        assertThat(receipts.delivered()).isEqualTo(1);
    }

    @Test
    void waitsForTheReceiptTheWorkloadNamesAndCountsErrorsByKind() {
        SenderReceipts receipts = new SenderReceipts(tally, sent, delivered,
                receipt -> Boolean.TRUE.equals(receipt.all()));
        tally.sent("g1", 0, "alice", List.of("bob", "carol"));

        receipts.accept(frame(ReceiptFrame.by(ReceiptStatus.DELIVERED, "g1", "g", "bob", 0), 10));
        assertThat(receipts.delivered()).as("one member only").isZero();
        receipts.accept(frame(new ReceiptFrame(ReceiptStatus.DELIVERED, "g1", "g", null, null, true, 0), 20));
        assertThat(receipts.delivered()).isEqualTo(1);

        receipts.accept(frame(new ErrorFrame(ErrorFrame.RATE_LIMITED, "slow down", null), 30));
        receipts.accept(frame(new ErrorFrame(ErrorFrame.INVALID, "no", null), 40));
        assertThat(receipts.rateLimited()).isEqualTo(1);
        assertThat(receipts.otherErrors()).isEqualTo(1);
    }

    private static ReceivedFrame frame(ServerFrame frame, long receivedAtNanos) {
        return new ReceivedFrame("{}", frame, receivedAtNanos);
    }
}

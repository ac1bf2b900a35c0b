package dev.courier.load.xmpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TallyTest {

    @Test
    void countsDeliveriesDuplicatesAndOrderPerPair() {
        Tally tally = new Tally("run1", 2, 1, 6);
        for (int i = 0; i < 6; i++) {
            tally.sending(i, 1_000_000L * i);
        }

        tally.received(0, tally.id(0), 5_000_000L);
        tally.received(1, tally.id(1), 6_000_000L);
        tally.received(0, tally.id(4), 9_000_000L);
        tally.received(0, tally.id(2), 9_500_000L);   // pair 0: 2 after 4
        tally.received(0, tally.id(2), 9_600_000L);   // again
        tally.received(1, tally.id(3), 9_700_000L);

        assertThat(tally.delivered()).isEqualTo(5);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.orderViolations()).isEqualTo(1);
        assertThat(tally.delivery.summary().count()).isEqualTo(5);
        assertThat(tally.delivery.summary().p50Millis()).isBetween(5.0, 7.6);
        assertThat(tally.lastArrivalNanos()).isEqualTo(9_700_000L);
    }

    @Test
    void ignoresMessagesOfOtherRunsAndCountsMisroutedOnes() {
        Tally tally = new Tally("run1", 2, 1, 4);

        tally.received(0, "run0-0", 1);
        tally.received(0, "warm-0-0", 1);
        tally.received(0, "run1-9", 1);
        tally.received(0, "run1x-0", 1);
        tally.received(0, null, 1);
        tally.received(1, tally.id(0), 1);

        assertThat(tally.delivered()).isZero();
        assertThat(tally.wrongRecipient()).isEqualTo(1);
    }

    @Test
    void countsEachReceiptAndAckOnce() {
        Tally tally = new Tally("run1", 1, 1, 2);
        tally.sending(0, 0);
        tally.sending(1, 0);

        tally.receipt(tally.id(0), 3_000_000L);
        tally.receipt(tally.id(0), 4_000_000L);
        tally.acked(0, 1_000_000L);
        tally.acked(0, 2_000_000L);
        tally.acked(1, 2_000_000L);

        assertThat(tally.receipts()).isEqualTo(1);
        assertThat(tally.acks()).isEqualTo(2);
        assertThat(tally.deliveredReceipt.summary().maxMillis()).isBetween(2.99, 3.01);
    }

    @Test
    void countsGroupDeliveriesPerRecipientAndTheLastRecipient() {
        Tally tally = new Tally("g", 2, 3, 4); // streams 0 and 1, recipients 0..2 and 3..5
        for (int i = 0; i < 4; i++) {
            tally.sending(i, 0);
        }

        for (int recipient = 0; recipient < 3; recipient++) {
            tally.received(recipient, tally.id(0), 1_000_000L * (recipient + 1));
        }
        tally.received(3, tally.id(1), 1_000_000L);
        tally.received(3, tally.id(3), 2_000_000L);
        tally.received(3, tally.id(1), 3_000_000L);  // duplicate
        tally.received(4, tally.id(3), 4_000_000L);
        tally.received(4, tally.id(1), 5_000_000L);  // after 3 at recipient 4
        tally.received(0, tally.id(1), 6_000_000L);  // not a member of stream 1

        assertThat(tally.delivered()).isEqualTo(7);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.orderViolations()).isEqualTo(1);
        assertThat(tally.wrongRecipient()).isEqualTo(1);
        assertThat(tally.lastRecipient.summary().count()).isEqualTo(1);
        assertThat(tally.lastRecipient.summary().maxMillis()).isBetween(2.99, 3.01);
    }
}

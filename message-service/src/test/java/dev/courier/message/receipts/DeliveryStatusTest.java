package dev.courier.message.receipts;

import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusTest {

    @Test
    void pendingMovesToDeliveredOrStraightToRead() {
        assertThat(DeliveryStatus.PENDING.after(ReceiptStatus.DELIVERED)).contains(DeliveryStatus.DELIVERED);
        assertThat(DeliveryStatus.PENDING.after(ReceiptStatus.READ)).contains(DeliveryStatus.READ);
    }

    @Test
    void deliveredMovesToRead() {
        assertThat(DeliveryStatus.DELIVERED.after(ReceiptStatus.READ)).contains(DeliveryStatus.READ);
    }

    @Test
    void aRepeatedStatusChangesNothing() {
        assertThat(DeliveryStatus.DELIVERED.after(ReceiptStatus.DELIVERED)).isEmpty();
        assertThat(DeliveryStatus.READ.after(ReceiptStatus.READ)).isEmpty();
    }

    @Test
    void neverMovesBackwards() {
        assertThat(DeliveryStatus.READ.after(ReceiptStatus.DELIVERED)).isEmpty();
    }

    @Test
    void aSentReceiptFromARecipientChangesNothing() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(status.after(ReceiptStatus.SENT)).isEmpty();
        }
    }

    @Test
    void readsAndWritesTheColumnValues() {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertThat(DeliveryStatus.ofColumn(status.column())).isEqualTo(status);
        }
        assertThat(DeliveryStatus.PENDING.column()).isEqualTo("pending");
    }
}

package dev.courier.message.receipts;

import dev.courier.contracts.frames.ReceiptStatus;

import java.util.Locale;
import java.util.Optional;

/** Where one recipient's delivery of a message stands. It only moves forward: pending, delivered, read. */
enum DeliveryStatus {
    PENDING, DELIVERED, READ;

    static DeliveryStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status after the recipient's receipt, or empty when the receipt does not move it forward (a repeated
     * status, a {@code delivered} after {@code read}, or a {@code sent}, which recipients do not send).
     * {@code read} straight from pending is allowed: read implies delivered.
     */
    Optional<DeliveryStatus> after(ReceiptStatus receipt) {
        DeliveryStatus target = switch (receipt) {
            case DELIVERED -> DELIVERED;
            case READ -> READ;
            case SENT -> null;
        };
        return target != null && target.compareTo(this) > 0 ? Optional.of(target) : Optional.empty();
    }
}

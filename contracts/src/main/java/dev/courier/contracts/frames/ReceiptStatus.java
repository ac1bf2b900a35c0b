package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonValue;

/** A message's progress, in order: a status implies every status before it. */
public enum ReceiptStatus {
    SENT, DELIVERED, READ;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status named on the wire, or null when the name is not one. */
    public static ReceiptStatus fromWire(String name) {
        for (ReceiptStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        return null;
    }

    public boolean isAtLeast(ReceiptStatus other) {
        return compareTo(other) >= 0;
    }
}

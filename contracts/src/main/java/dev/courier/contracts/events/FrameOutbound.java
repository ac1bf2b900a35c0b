package dev.courier.contracts.events;

import dev.courier.contracts.frames.ReceiptStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * Wire text for one socket of the gateway whose topic this is ({@link Topics#gatewayOutbound(String)}).
 * {@code ackableMessageId} is set for a {@code message} frame: the gateway keeps it in the socket's in-flight
 * store until the client acknowledges that id with a {@code delivered} or {@code read} receipt. {@code receipt} is
 * set for a {@code delivered} or {@code read} receipt frame: what it reports, so that the gateway can drop one that
 * would tell a socket less than it was already told (a record replayed after a crash).
 */
public record FrameOutbound(UUID eventId, Instant at, DeviceSession target, String text, String ackableMessageId,
                            ReceiptProgress receipt) implements CourierEvent {

    /** A frame that is not a {@code delivered} or {@code read} receipt. */
    public FrameOutbound(UUID eventId, Instant at, DeviceSession target, String text, String ackableMessageId) {
        this(eventId, at, target, text, ackableMessageId, null);
    }

    /**
     * What a receipt frame to a sender reports: {@code status} of {@code messageId} for recipient {@code by} (a user
     * id, or {@link #ALL} for a group receipt with {@code all:true}).
     */
    public record ReceiptProgress(String messageId, String by, ReceiptStatus status) {

        /** {@code by} of a group receipt that every member reached the status. */
        public static final String ALL = "*all";
    }
}

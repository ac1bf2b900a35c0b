package dev.courier.support.kafka;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameReceived;
import dev.courier.contracts.frames.ReceiptStatus;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The compact encoding of the two events that carry a client's wire text ({@link FrameReceived}, gateway to parser;
 * {@link FrameOutbound}, parser to gateway): the record's value is the frame text itself (UTF-8) and the other fields
 * travel in headers, instead of the text as a JSON string inside a JSON document, escaped by the producer and read
 * back by the consumer. These are the most frequent records of the message path. The event records stay what they
 * are; only their bytes on Kafka differ. A record without the {@value #EVENT} header is JSON ({@link EventJson}), so
 * records written either way are read.
 */
final class FrameRecords {

    /** The event's record name; its presence marks the compact encoding. */
    static final String EVENT = "courier-event";
    private static final String ID = "courier-event-id";
    private static final String AT = "courier-event-at";
    private static final String USER = "courier-user";
    private static final String DEVICE = "courier-device";
    private static final String SESSION = "courier-session";
    private static final String GATEWAY = "courier-gateway";
    private static final String ACKABLE = "courier-ackable";
    private static final String RECEIPT_MESSAGE = "courier-receipt-message";
    private static final String RECEIPT_BY = "courier-receipt-by";
    private static final String RECEIPT_STATUS = "courier-receipt-status";

    private FrameRecords() {
    }

    /** The value of a frame event, with its fields added to {@code headers}; null for any other event. */
    static byte[] write(CourierEvent event, Headers headers) {
        switch (event) {
            case FrameReceived received -> {
                common(headers, "FrameReceived", received.eventId(), received.at(), received.session());
                return bytes(received.text());
            }
            case FrameOutbound outbound -> {
                common(headers, "FrameOutbound", outbound.eventId(), outbound.at(), outbound.target());
                if (outbound.ackableMessageId() != null) {
                    headers.add(ACKABLE, bytes(outbound.ackableMessageId()));
                }
                FrameOutbound.ReceiptProgress receipt = outbound.receipt();
                if (receipt != null) {
                    headers.add(RECEIPT_MESSAGE, bytes(receipt.messageId()));
                    headers.add(RECEIPT_BY, bytes(receipt.by()));
                    headers.add(RECEIPT_STATUS, bytes(receipt.status().name()));
                }
                return bytes(outbound.text());
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether the record is in the compact encoding (else it is JSON). */
    static boolean isCompact(Headers headers) {
        return headers.lastHeader(EVENT) != null;
    }

    /**
     * The frame event of a record in the compact encoding; null for an event name this build does not know (a newer
     * producer's), which is skipped like an unknown JSON event.
     */
    static CourierEvent read(Headers headers, byte[] value) {
        String event = text(headers, EVENT);
        if (!"FrameReceived".equals(event) && !"FrameOutbound".equals(event)) {
            return null;
        }
        UUID id = uuid(headers.lastHeader(ID));
        Instant at = instant(headers.lastHeader(AT));
        DeviceSession session = new DeviceSession(text(headers, USER), text(headers, DEVICE), text(headers, SESSION),
                text(headers, GATEWAY));
        String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
        return switch (event) {
            case "FrameReceived" -> new FrameReceived(id, at, session, text);
            default -> new FrameOutbound(id, at, session, text, text(headers, ACKABLE), receipt(headers));
        };
    }

    private static void common(Headers headers, String event, UUID id, Instant at, DeviceSession session) {
        headers.remove(EVENT);
        headers.add(EVENT, bytes(event));
        headers.add(ID, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array());
        headers.add(AT, ByteBuffer.allocate(12).putLong(at.getEpochSecond()).putInt(at.getNano()).array());
        add(headers, USER, session.userId());
        add(headers, DEVICE, session.deviceId());
        add(headers, SESSION, session.sessionId());
        add(headers, GATEWAY, session.gatewayId());
    }

    private static FrameOutbound.ReceiptProgress receipt(Headers headers) {
        String status = text(headers, RECEIPT_STATUS);
        return status == null ? null : new FrameOutbound.ReceiptProgress(text(headers, RECEIPT_MESSAGE),
                text(headers, RECEIPT_BY), ReceiptStatus.valueOf(status));
    }

    /** A header only for a value that is there: an absent header reads as null. */
    private static void add(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, bytes(value));
        }
    }

    private static UUID uuid(Header header) {
        ByteBuffer buffer = ByteBuffer.wrap(header.value());
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static Instant instant(Header header) {
        ByteBuffer buffer = ByteBuffer.wrap(header.value());
        return Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

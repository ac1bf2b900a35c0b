package dev.courier.parser;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.ServerFrame;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes server frames as the wire JSON of PROTOCOL.md. The {@code type} property comes from
 * {@link ServerFrame}'s subtype names, so every frame is written through the interface's type. Pure and
 * thread-safe.
 */
public final class FrameWriter {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writerFor(ServerFrame.class);

    public String write(ServerFrame frame) {
        return WRITER.writeValueAsString(frame);
    }

    /**
     * The frame as wire text for one socket. A {@code message} frame is ackable: the gateway keeps it in flight
     * until the client's receipt names its id. A {@code delivered} or {@code read} receipt says what it reports, so
     * the gateway can keep a socket's receipts from going backwards.
     */
    public FrameOutbound outbound(DeviceSession target, ServerFrame frame, Instant at) {
        String ackableMessageId = frame instanceof MessageFrame message ? message.id() : null;
        return new FrameOutbound(UUID.randomUUID(), at, target, write(frame), ackableMessageId, progress(frame));
    }

    private static FrameOutbound.ReceiptProgress progress(ServerFrame frame) {
        if (!(frame instanceof ReceiptFrame receipt) || receipt.status() == ReceiptStatus.SENT) {
            return null;
        }
        String by = Boolean.TRUE.equals(receipt.all()) ? FrameOutbound.ReceiptProgress.ALL : receipt.by();
        return by == null ? null : new FrameOutbound.ReceiptProgress(receipt.messageId(), by, receipt.status());
    }
}

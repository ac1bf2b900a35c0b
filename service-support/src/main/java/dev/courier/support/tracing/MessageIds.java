package dev.courier.support.tracing;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.FrameOutbound;
import dev.courier.contracts.events.FrameRouted;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;

import java.util.List;

/**
 * The message an event is about, for the logs (MDC {@value #MDC_KEY}) and the {@value #HEADER} record header. Events
 * that name no single message (a receipt for several, a session event) have none; the header then carries the id of
 * the message whose handling caused the record, if any.
 */
public final class MessageIds {

    /** The MDC key every log line shows (see the {@code logging.pattern.correlation} default). */
    public static final String MDC_KEY = "messageId";
    /** The Kafka record header with the message id the record is about or was caused by. */
    public static final String HEADER = "courier-message-id";

    private MessageIds() {
    }

    /** The one message {@code event} is about, or {@code null}. */
    public static String of(Object event) {
        return switch (event) {
            case SendRequested send -> send.messageId();
            case SendAuthorized send -> send.messageId();
            case FrameOutbound frame -> frame.ackableMessageId();
            case FrameRouted routed -> switch (routed.frame()) {
                case MessageFrame message -> message.id();
                case ReceiptFrame receipt -> receipt.messageId();
                case null, default -> null;
            };
            case ReceiptRequested receipt -> single(receipt.messageIds());
            case ReceiptAuthorized receipt -> single(receipt.messageIds());
            case CourierEvent other -> null;
            case null, default -> null;
        };
    }

    private static String single(List<String> ids) {
        return ids != null && ids.size() == 1 ? ids.getFirst() : null;
    }
}

package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A receipt for the sender's devices. Three shapes share {@code type:"receipt"}:
 * <ul>
 *   <li>{@code sent}: the message is durably stored; carries {@code seq}. Same id sent again, same answer.</li>
 *   <li>{@code delivered}/{@code read} {@code by} one recipient.</li>
 *   <li>{@code delivered}/{@code read} with {@code all:true}: every group member has reached that status.</li>
 * </ul>
 * Fields that a shape does not use are absent from the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiptFrame(
        ReceiptStatus status,
        String messageId,
        String conversationId,
        Long seq,
        String by,
        Boolean all,
        long at) implements ServerFrame {

    public static ReceiptFrame sent(String messageId, String conversationId, long seq, long at) {
        return new ReceiptFrame(ReceiptStatus.SENT, messageId, conversationId, seq, null, null, at);
    }

    public static ReceiptFrame by(ReceiptStatus status, String messageId, String conversationId, String by, long at) {
        return new ReceiptFrame(status, messageId, conversationId, null, by, null, at);
    }

    public static ReceiptFrame all(ReceiptStatus status, String messageId, String conversationId, long at) {
        return new ReceiptFrame(status, messageId, conversationId, null, null, true, at);
    }
}

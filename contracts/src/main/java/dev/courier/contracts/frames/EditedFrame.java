package dev.courier.contracts.frames;

/**
 * The sender edited a text message: {@code body} is its new text, which the history now shows with
 * {@code editedAt}. To every participant's devices, at least once, in the order they happened.
 */
public record EditedFrame(String conversationId, String messageId, MessageBody body, long editedAt)
        implements ServerFrame {
}

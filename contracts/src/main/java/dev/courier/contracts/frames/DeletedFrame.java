package dev.courier.contracts.frames;

/**
 * A message was deleted for everyone by {@code by} (its sender, or a group admin): its body is erased from the
 * server; clients drop what they show of it. To every participant's devices, at least once, in the order they
 * happened.
 */
public record DeletedFrame(String conversationId, String messageId, String by, long at) implements ServerFrame {
}

package dev.courier.contracts.frames;

/**
 * {@code from} reacted to a message with {@code emoji}, replacing its earlier reaction; {@code ""} means it took
 * its reaction back. To every participant's devices (the actor's too), at least once, in the order they happened.
 */
public record ReactionFrame(String conversationId, String messageId, String from, String emoji, long at)
        implements ServerFrame {
}

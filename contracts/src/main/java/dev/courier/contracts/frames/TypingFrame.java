package dev.courier.contracts.frames;

/** Someone is composing (or paused) in a conversation the receiving user is part of. */
public record TypingFrame(String from, Recipient to, String state) implements ServerFrame {
}

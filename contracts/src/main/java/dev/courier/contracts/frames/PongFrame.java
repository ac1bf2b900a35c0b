package dev.courier.contracts.frames;

/** The answer to a client's {@code ping}. */
public record PongFrame() implements ServerFrame {
}

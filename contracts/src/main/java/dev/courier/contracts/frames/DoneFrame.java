package dev.courier.contracts.frames;

/**
 * A {@code react}, {@code edit} or {@code delete} is durably applied: {@code ref} is that frame's {@code id},
 * {@code at} when it was applied. The same id sent again answers the same {@code done}, with the same {@code at}.
 */
public record DoneFrame(String ref, long at) implements ServerFrame {
}

package dev.courier.contracts.frames;

/** A participant changed the conversation's disappearing-messages timer (0 is off). */
public record SettingsFrame(String conversationId, long disappearingSeconds, String by) implements ServerFrame {
}

package dev.courier.contracts.frames;

/** A watched user went online or offline; {@code lastSeen} is null when privacy hides it. */
public record PresenceFrame(String user, boolean online, Long lastSeen) implements ServerFrame {
}

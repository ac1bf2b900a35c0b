package dev.courier.contracts.frames;

import java.util.List;

/** Disappearing messages that the server has deleted everywhere it kept them. */
public record ExpiredFrame(String conversationId, List<String> messageIds) implements ServerFrame {
}

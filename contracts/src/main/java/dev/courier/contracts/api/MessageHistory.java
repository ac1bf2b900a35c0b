package dev.courier.contracts.api;

import dev.courier.contracts.frames.MessageFrame;

import java.util.List;

/** {@code GET /api/conversations/{id}/messages}: newest first, each in the shape of the {@code message} frame. */
public record MessageHistory(List<MessageFrame> messages) {
}

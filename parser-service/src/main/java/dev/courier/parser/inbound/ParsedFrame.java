package dev.courier.parser.inbound;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.frames.ErrorFrame;

/** What {@link FrameParser} made of one client frame. */
sealed interface ParsedFrame {

    /** A valid command for session-service; {@code type} is the frame's wire type. */
    record Command(String type, CourierEvent command) implements ParsedFrame {
    }

    /** A {@code ping}: the parser answers it itself. */
    record Ping() implements ParsedFrame {
    }

    /** A frame that cannot be used: the error goes straight back to the socket, which stays open. */
    record Rejected(ErrorFrame error) implements ParsedFrame {
    }
}

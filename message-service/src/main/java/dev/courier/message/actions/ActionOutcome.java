package dev.courier.message.actions;

import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.ServerFrame;

import java.time.Instant;
import java.util.List;

/**
 * How an action was answered, as kept in {@code message_action}: {@code done} at {@code at}, or the error; for a
 * done one, the frame told and the users it was told to ({@code frame} null once erased, or for an error), and the
 * record that applied it.
 */
record ActionOutcome(ActionRows.Key key, String kind, Long messageId, Instant at, String errorCode,
                     String errorMessage, ServerFrame frame, List<String> audience, Long byRecord) {

    static ActionOutcome done(ActionRows.Key key, String kind, long messageId, Instant at, ServerFrame frame,
                              List<String> audience, Long byRecord) {
        return new ActionOutcome(key, kind, messageId, at, null, null, frame, List.copyOf(audience), byRecord);
    }

    static ActionOutcome refused(ActionRows.Key key, String kind, Long messageId, Instant at, ErrorFrame error,
                                 Long byRecord) {
        return new ActionOutcome(key, kind, messageId, at, error.code(), error.message(), null, List.of(), byRecord);
    }

    /** The frame for the actor's device: the same every time the id is asked. */
    ServerFrame answer() {
        return errorCode == null ? new DoneFrame(key.actionId(), at.toEpochMilli())
                : new ErrorFrame(errorCode, errorMessage, key.actionId());
    }
}

package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the server writes to a client's socket, exactly as PROTOCOL.md shows it. Jackson writes the
 * {@code type} property from the subtype name, so serialising any of these records gives the wire JSON,
 * and reading one back chooses the record by {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MessageFrame.class, name = "message"),
        @JsonSubTypes.Type(value = ReceiptFrame.class, name = "receipt"),
        @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
        @JsonSubTypes.Type(value = PongFrame.class, name = "pong"),
        @JsonSubTypes.Type(value = TypingFrame.class, name = "typing"),
        @JsonSubTypes.Type(value = PresenceFrame.class, name = "presence"),
        @JsonSubTypes.Type(value = ExpiredFrame.class, name = "expired"),
        @JsonSubTypes.Type(value = SettingsFrame.class, name = "settings"),
        @JsonSubTypes.Type(value = ProfileFrame.class, name = "profile"),
        @JsonSubTypes.Type(value = DoneFrame.class, name = "done"),
        @JsonSubTypes.Type(value = ReactionFrame.class, name = "reaction"),
        @JsonSubTypes.Type(value = EditedFrame.class, name = "edited"),
        @JsonSubTypes.Type(value = DeletedFrame.class, name = "deleted"),
})
public sealed interface ServerFrame
        permits MessageFrame, ReceiptFrame, ErrorFrame, PongFrame, TypingFrame, PresenceFrame, ExpiredFrame, SettingsFrame,
        ProfileFrame, DoneFrame, ReactionFrame, EditedFrame, DeletedFrame {
}

package dev.courier.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a client asks to do to a message it can see (PROTOCOL.md v1.1, "Message actions"): its wire frame type. */
public enum MessageAction {
    REACT, EDIT, DELETE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

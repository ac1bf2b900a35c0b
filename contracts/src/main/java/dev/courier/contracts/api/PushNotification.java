package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The plaintext of a Web Push (PROTOCOL.md v1.1 "Push to devices that are not connected"), encrypted for the
 * subscription as RFC 8291 says: a message was stored for a user with no connected device. Several messages in a row
 * may share one push, which then names the newest. {@code text} (at most {@value #MAX_TEXT_LENGTH} characters) is
 * present only when the subscription asked for a preview and the message has a text (or an image caption).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushNotification(String type, String conversationId, String messageId, String from, String fromName,
                               String text) {

    public static final String MESSAGE = "message";
    public static final int MAX_TEXT_LENGTH = 100;

    public static PushNotification message(String conversationId, String messageId, String from, String fromName,
                                           String text) {
        return new PushNotification(MESSAGE, conversationId, messageId, from, fromName, text);
    }
}

package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code replyTo} of a {@code message} frame and of a history item (PROTOCOL.md v1.1, "Reply"): the quoted
 * message's {@code id} and sender, and a {@code preview} of it ({@link #previewOf}). The preview is what the quoted
 * message says now: an edit shows in it, and it is absent when the quoted message can no longer be seen (deleted for
 * everyone, disappeared or expired), so a quote never keeps text the server erased.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyTo(String id, String from, String preview) {

    /** Longest preview, in Unicode code points (a character as a user counts it; a surrogate pair is never split). */
    public static final int MAX_PREVIEW_CODE_POINTS = 100;

    /**
     * A body's preview: its text cut to {@value #MAX_PREVIEW_CODE_POINTS} code points, or {@code "Photo"} for an
     * image ({@code "Photo: <caption>"} with a caption, cut the same way); null for no body (erased) or a system
     * message.
     */
    public static String previewOf(MessageBody body) {
        if (body == null || body.system() != null) {
            return null;
        }
        if (body.image() != null) {
            String caption = body.image().caption();
            return cut(caption == null || caption.isEmpty() ? "Photo" : "Photo: " + caption);
        }
        return body.text() == null ? null : cut(body.text());
    }

    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_PREVIEW_CODE_POINTS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_PREVIEW_CODE_POINTS));
    }
}

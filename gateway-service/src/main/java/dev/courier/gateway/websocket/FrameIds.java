package dev.courier.gateway.websocket;

/**
 * The message id of a client frame ({@code "id":"…"} of a {@code send}), read without parsing the frame (the parser
 * does that): only for the trace and the logs, so anything unexpected gives {@code null}, and only characters a
 * client-made id has (at most 64 of them) are taken.
 */
final class FrameIds {

    private static final String KEY = "\"id\"";
    private static final int MAX_LENGTH = 64;

    private FrameIds() {
    }

    static String messageId(String frame) {
        int key = frame.indexOf(KEY);
        if (key < 0) {
            return null;
        }
        int i = skipSpaces(frame, key + KEY.length());
        if (i >= frame.length() || frame.charAt(i) != ':') {
            return null;
        }
        i = skipSpaces(frame, i + 1);
        if (i >= frame.length() || frame.charAt(i) != '"') {
            return null;
        }
        int start = i + 1;
        int end = start;
        while (end < frame.length() && end - start <= MAX_LENGTH && allowed(frame.charAt(end))) {
            end++;
        }
        boolean closed = end < frame.length() && frame.charAt(end) == '"';
        return closed && end > start && end - start <= MAX_LENGTH ? frame.substring(start, end) : null;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == ':';
    }
}

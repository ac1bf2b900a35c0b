package dev.courier.contracts.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The server's answer to a client frame it could not use, or a later failure of one (an expired message).
 * The connection stays open. {@code ref} is the id of the frame it answers, where it had one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String code, String message, String ref) implements ServerFrame {

    public static final String BAD_FRAME = "bad_frame";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String INVALID = "invalid";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String RATE_LIMITED = "rate_limited";
    /** A message nobody could deliver within its time to live; {@code ref} is the message id. */
    public static final String EXPIRED = "expired";
}

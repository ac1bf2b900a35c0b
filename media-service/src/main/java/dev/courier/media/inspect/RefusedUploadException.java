package dev.courier.media.inspect;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** An upload refused before anything is stored: 400 empty, 413 too large, 415 for everything that is not a usable image. */
public class RefusedUploadException extends ResponseStatusException {

    /** Why, as the {@code outcome} tag of the upload metric. */
    public enum Reason {
        EMPTY(HttpStatus.BAD_REQUEST),
        TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
        NOT_AN_IMAGE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
        TOO_MANY_PIXELS(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
        UNREADABLE(HttpStatus.UNSUPPORTED_MEDIA_TYPE);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }

        public String tag() {
            return name().toLowerCase();
        }
    }

    private final Reason why;

    public RefusedUploadException(Reason why, String detail) {
        super(why.status, detail);
        this.why = why;
    }

    public Reason why() {
        return why;
    }
}

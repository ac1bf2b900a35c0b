package dev.courier.session.media;

/** media-service could not record a grant; the command is retried (then dead-lettered), never refused. */
public class MediaGrantFailedException extends RuntimeException {

    public MediaGrantFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

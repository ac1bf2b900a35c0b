package dev.courier.session.media;

import dev.courier.support.kafka.DependencyUnavailableException;

/** media-service could not record a grant; the command is retried while the dependency is down (then dead-lettered), never refused. */
public class MediaGrantFailedException extends DependencyUnavailableException {

    public MediaGrantFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

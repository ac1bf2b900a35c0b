package dev.courier.support.kafka;

/**
 * A service this one needs to handle a record (group-service, auth-service, media-service) could not answer. The
 * record is not bad: it is retried, with a backoff up to a few seconds, for as long as
 * {@code courier.kafka.dependency-retry-limit} allows (ten minutes by default) before it is dead-lettered, so an
 * outage of a dependency delays commands instead of losing them. The partition waits meanwhile, which keeps the
 * order of each user's commands.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

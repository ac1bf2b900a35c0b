package dev.courier.session.accounts;

import dev.courier.support.kafka.DependencyUnavailableException;

/**
 * auth-service could not answer a user lookup; the command is retried while it is down (then dead-lettered), never
 * refused.
 */
public class UserLookupFailedException extends DependencyUnavailableException {

    public UserLookupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

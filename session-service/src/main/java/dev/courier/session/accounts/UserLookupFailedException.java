package dev.courier.session.accounts;

/** auth-service could not answer a user lookup; the command is retried (then dead-lettered), never refused. */
public class UserLookupFailedException extends RuntimeException {

    public UserLookupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

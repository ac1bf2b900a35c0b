package dev.courier.support.groups;

import dev.courier.support.kafka.DependencyUnavailableException;

/**
 * No group-service instance could answer a members lookup. Callers treat it as an infrastructure failure: a command
 * is retried while the dependency is down (then dead-lettered), a REST call answers 503; it is never taken as "unknown group" or "forbidden".
 */
public class GroupLookupFailedException extends DependencyUnavailableException {

    public GroupLookupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

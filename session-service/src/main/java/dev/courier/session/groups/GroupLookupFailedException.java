package dev.courier.session.groups;

/**
 * No group-service instance could answer a members lookup; the command is retried (then dead-lettered), never
 * refused as "unknown group" or "forbidden".
 */
public class GroupLookupFailedException extends RuntimeException {

    public GroupLookupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

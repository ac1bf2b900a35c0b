package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.SendAuthorized;

/** Two users with a direct conversation, in a fixed order (contact rows go both ways, so one pair is enough). */
record ContactPair(String first, String second) {

    /** The pair a direct message makes, or null for a group message or a message to oneself. */
    static ContactPair of(SendAuthorized send) {
        String sender = send.sender() == null ? null : send.sender().userId();
        String recipient = send.to() == null ? null : send.to().user();
        if (sender == null || recipient == null || recipient.equals(sender)) {
            return null;
        }
        return sender.compareTo(recipient) < 0 ? new ContactPair(sender, recipient)
                : new ContactPair(recipient, sender);
    }
}

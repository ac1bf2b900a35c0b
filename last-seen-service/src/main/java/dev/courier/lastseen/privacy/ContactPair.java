package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.SendAuthorized;

/** A choice: {@code chooser} wrote a direct message to {@code chosen}, who is from then on its contact. */
record ContactPair(String chooser, String chosen) {

    /** The choice a direct message makes, or null for a group message or a message to oneself. */
    static ContactPair of(SendAuthorized send) {
        String sender = send.sender() == null ? null : send.sender().userId();
        String recipient = send.to() == null ? null : send.to().user();
        if (sender == null || recipient == null || recipient.equals(sender)) {
            return null;
        }
        return new ContactPair(sender, recipient);
    }
}

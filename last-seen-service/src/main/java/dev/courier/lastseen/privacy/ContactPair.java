package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.SendRequested;

/** A choice: {@code chooser} wrote a direct message to {@code chosen}, who is from then on its contact. */
record ContactPair(String chooser, String chosen) {

    /** The choice a direct send makes, or null for a group message or a message to oneself. */
    static ContactPair of(SendRequested send) {
        String sender = send.session() == null ? null : send.session().userId();
        String recipient = send.to() == null ? null : send.to().user();
        if (sender == null || recipient == null || recipient.equals(sender)) {
            return null;
        }
        return new ContactPair(sender, recipient);
    }
}

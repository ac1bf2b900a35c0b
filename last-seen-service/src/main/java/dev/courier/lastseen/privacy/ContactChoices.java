package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.SendRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Learns who chose whom from the direct sends users make ({@code SendRequested} on {@code courier.commands}, which
 * this service reads for presence anyway): the send is the sender's choice, whether or not it is then delivered.
 * Collected per poll and written in one statement ({@link #flush()}); pairs written recently are not written again,
 * as a chat's every message would otherwise be a database write. Not thread-safe: the presence listener's thread.
 */
@Component
public class ContactChoices {

    private static final Logger log = LoggerFactory.getLogger(ContactChoices.class);

    private final Contacts contacts;
    private final RecordedPairs recorded = new RecordedPairs(100_000);
    private final Set<ContactPair> fresh = new LinkedHashSet<>();

    ContactChoices(Contacts contacts) {
        this.contacts = contacts;
    }

    /** A direct send: its sender chose its recipient (written at the next {@link #flush()}). */
    public void sent(SendRequested send) {
        ContactPair pair = ContactPair.of(send);
        if (pair != null && !recorded.contains(pair) && fresh.add(pair)) {
            log.debug("message {}: user {} chose {} as a contact", send.messageId(), pair.chooser(), pair.chosen());
        }
    }

    /** Writes the choices learnt since the last flush. */
    public void flush() {
        if (fresh.isEmpty()) {
            return;
        }
        contacts.addAll(fresh);
        fresh.forEach(recorded::add);
        fresh.clear();
    }
}

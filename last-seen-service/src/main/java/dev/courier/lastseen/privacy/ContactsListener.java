package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code courier.messages}: a direct message makes its sender and recipient each other's contacts (for the
 * {@code contacts} privacy setting). Group messages and receipts say nothing about contacts.
 */
@Component
@KafkaListener(id = "last-seen-contacts", idIsGroup = false, topics = Topics.MESSAGES)
class ContactsListener {

    private static final Logger log = LoggerFactory.getLogger(ContactsListener.class);

    private final Contacts contacts;

    ContactsListener(Contacts contacts) {
        this.contacts = contacts;
    }

    @KafkaHandler
    void sendAuthorized(SendAuthorized send) {
        String sender = send.sender().userId();
        String recipient = send.to() == null ? null : send.to().user();
        if (recipient != null && !recipient.equals(sender)) {
            contacts.add(sender, recipient);
            log.debug("message {}: users {} and {} are contacts", send.messageId(), sender, recipient);
        }
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {} on {}", event.getClass().getSimpleName(), Topics.MESSAGES);
    }
}

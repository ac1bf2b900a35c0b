package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.Topics;
import dev.courier.support.kafka.CourierRecordFilter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code courier.messages}: a direct message makes its recipient a contact of its sender, the sender having chosen
 * to write to it (for the {@code contacts} privacy setting; never the other way, see {@link Contacts}). Group messages and receipts say nothing about contacts. A poll's new pairs are
 * written in one statement, and pairs written recently are not written again: a chat's every message would
 * otherwise be a database write here.
 */
@Component
class ContactsListener {

    private static final Logger log = LoggerFactory.getLogger(ContactsListener.class);

    private final Contacts contacts;
    private final RecordedPairs recorded = new RecordedPairs(100_000);

    ContactsListener(Contacts contacts) {
        this.contacts = contacts;
    }

    @KafkaListener(id = "last-seen-contacts", idIsGroup = false, topics = Topics.MESSAGES, batch = "true")
    void onMessages(List<ConsumerRecord<String, CourierEvent>> records) {
        Set<ContactPair> fresh = new LinkedHashSet<>();
        for (ConsumerRecord<String, CourierEvent> record : records) {
            if (CourierRecordFilter.unreadable(record)) {
                // The pairs before it are written first, so the error handler may commit them.
                write(fresh);
                throw new BatchListenerFailedException("Unreadable record", CourierRecordFilter.failure(record),
                        record);
            }
            if (record.value() instanceof SendAuthorized send) {
                ContactPair pair = ContactPair.of(send);
                if (pair != null && !recorded.contains(pair)) {
                    fresh.add(pair);
                    log.debug("message {}: user {} chose {} as a contact", send.messageId(), pair.chooser(),
                            pair.chosen());
                }
            }
        }
        write(fresh);
    }

    private void write(Set<ContactPair> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        contacts.addAll(pairs);
        pairs.forEach(recorded::add);
        pairs.clear();
    }
}

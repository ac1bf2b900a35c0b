package dev.courier.lastseen.privacy;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedPairsTest {

    /** Issue 19, finding 3: a contact is chosen by writing; the recipient chooses nobody by being written to. */
    @Test
    void theSenderChoosesTheRecipientNeverTheOtherWayRound() {
        assertThat(ContactPair.of(send("bob", Recipient.user("alice")))).isEqualTo(new ContactPair("bob", "alice"));
        assertThat(ContactPair.of(send("alice", Recipient.user("bob")))).isEqualTo(new ContactPair("alice", "bob"));
    }

    @Test
    void groupMessagesAndMessagesToOneselfMakeNoPair() {
        assertThat(ContactPair.of(send("alice", Recipient.group("group-1")))).isNull();
        assertThat(ContactPair.of(send("alice", Recipient.user("alice")))).isNull();
    }

    @Test
    void theLeastRecentlySeenPairIsForgottenFirst() {
        RecordedPairs recorded = new RecordedPairs(2);
        ContactPair ab = new ContactPair("a", "b");
        ContactPair ac = new ContactPair("a", "c");
        ContactPair ad = new ContactPair("a", "d");
        recorded.add(ab);
        recorded.add(ac);
        assertThat(recorded.contains(ab)).isTrue();
        recorded.add(ad);

        assertThat(recorded.contains(ab)).isTrue();
        assertThat(recorded.contains(ac)).isFalse();
        assertThat(recorded.contains(ad)).isTrue();
    }

    private static SendRequested send(String sender, Recipient to) {
        return new SendRequested(UUID.randomUUID(), Instant.now(), new DeviceSession(sender, "d", "s", "g"),
                UUID.randomUUID().toString(), to, MessageBody.text("hi"));
    }
}

package dev.courier.load;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTallyTest {

    @Test
    void countsDistinctDeliveriesCopiesAndArrivalsOutOfSendOrder() {
        DeliveryTally tally = new DeliveryTally();
        tally.sent("m1", 100, "alice", List.of("bob"));
        tally.sent("m2", 200, "alice", List.of("bob"));
        tally.sent("m3", 300, "alice", List.of("bob"));
        tally.sent("m4", 400, "alice", List.of("bob"));

        assertThat(tally.received("bob", message("m1", 1))).isEqualTo(100);
        assertThat(tally.received("bob", message("m3", 3))).isEqualTo(300);
        assertThat(tally.received("bob", message("m2", 2))).as("after m3: out of order").isEqualTo(200);
        assertThat(tally.received("bob", message("m1", 1))).as("a copy").isNull();
        assertThat(tally.received("bob", message("warm-up", 9))).as("not measured").isNull();

        assertThat(tally.expected()).isEqualTo(4);
        assertThat(tally.delivered()).isEqualTo(3);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.orderViolations()).isEqualTo(1);
        assertThat(tally.checkerExtras()).containsEntry("seqOrderViolations", 1.0)
                .containsEntry("clientVisibleDuplicates", 0.0).containsEntry("misdelivered", 0.0);
    }

    @Test
    void aGroupMessageCountsOneDeliveryPerRecipientButNotTheSender() {
        DeliveryTally tally = new DeliveryTally();
        tally.sent("g1", 1, "alice", List.of("alice", "bob", "carol"));
        tally.received("bob", message("g1", 1));
        tally.received("carol", message("g1", 1));
        tally.received("carol", message("g1", 1));

        assertThat(tally.expected()).isEqualTo(2);
        assertThat(tally.delivered()).isEqualTo(2);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.orderViolations()).isZero();
    }

    private static MessageFrame message(String id, long seq) {
        return new MessageFrame(id, "conversation", "alice", Recipient.user("bob"), seq, 0,
                new MessageBody("load", null), null);
    }
}

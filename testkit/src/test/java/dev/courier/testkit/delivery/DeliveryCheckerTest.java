package dev.courier.testkit.delivery;

import dev.courier.testkit.delivery.DeliveryChecker.Shown;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryCheckerTest {

    private final DeliveryChecker checker = new DeliveryChecker();

    @Test
    void aCleanRunWithRedeliveryAfterAReconnectReportsNothing() {
        send("m1", 1);
        send("m2", 2);
        send("m3", 3);
        show("bob", "phone", "m1", 1);
        show("bob", "phone", "m2", 2);
        show("bob", "phone", "m1", 1);  // redelivered after a reconnect: the client drops it by id
        show("bob", "phone", "m3", 3);
        show("bob", "laptop", "m3", 3); // another device may miss what the first acknowledged
        checker.receipt("alice", "phone", "m1", "delivered", "bob");
        checker.receipt("alice", "phone", "m1", "read", "bob");

        DeliveryReport report = checker.report();

        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.sends()).isEqualTo(3);
        assertThat(report.deliveries()).isEqualTo(3);
        assertThat(checker.pending()).isZero();
    }

    @Test
    void aMessageNoRecipientGotIsLost() {
        send("m1", 1);
        send("m2", 2);
        show("bob", "phone", "m1", 1);
        assertThat(checker.pending()).isEqualTo(1);
        assertThat(checker.unfinished()).containsExactly("m2");

        DeliveryReport report = checker.report();

        assertThat(report.isClean()).isFalse();
        assertThat(report.lost()).singleElement().asString().contains("m2", "to bob");
        assertThat(report.toString()).contains("1 lost");
    }

    @Test
    void aSendWithoutItsSentReceiptIsUnacknowledged() {
        checker.sent("alice", "m1", List.of("bob"));

        assertThat(checker.report().unacknowledged()).singleElement().asString().contains("m1");
        assertThat(checker.pending()).isEqualTo(1);
    }

    @Test
    void anIdShownTwiceWithDifferentSeqsIsADuplicateButAnIdenticalCopyIsNot() {
        send("m1", 1);
        send("m2", 2);
        show("bob", "phone", "m1", 1);
        show("bob", "phone", "m1", 1);
        show("bob", "phone", "m2", 2);
        show("bob", "phone", "m2", 3);  // stored again under a new seq: the client would show it twice

        assertThat(checker.report().duplicates()).singleElement().asString().contains("m2", "twice");
    }

    @Test
    void oneIdAcknowledgedUnderTwoSeqsIsADuplicate() {
        send("m1", 1);
        checker.sentReceipt("m1", "c", 2);
        show("bob", "phone", "m1", 1);

        assertThat(checker.report().duplicates()).singleElement().asString().contains("m1", "stored twice");
    }

    @Test
    void aLowerSeqShownAfterAHigherOneIsAnOrderViolation() {
        send("m1", 1);
        send("m2", 2);
        send("m3", 3);
        show("bob", "phone", "m1", 1);
        show("bob", "phone", "m3", 3);
        show("bob", "phone", "m2", 2);

        DeliveryReport report = checker.report();

        assertThat(report.orderViolations()).singleElement().asString().contains("seq 2", "after seq 3");
        assertThat(report.lost()).isEmpty();
    }

    @Test
    void orderIsPerConversation() {
        send("m1", 5);
        checker.sent("carol", "n1", List.of("bob"));
        checker.sentReceipt("n1", "other", 1);
        show("bob", "phone", "m1", 5);
        checker.received("bob", "phone", new Shown("n1", "other", "carol", 1, "n1"));

        assertThat(checker.report().isClean()).isTrue();
    }

    @Test
    void deliveredAfterReadIsAReceiptGoneBackwards() {
        send("m1", 1);
        show("bob", "phone", "m1", 1);
        checker.receipt("alice", "phone", "m1", "read", "bob");
        checker.receipt("alice", "phone", "m1", "delivered", "bob");

        assertThat(checker.report().receiptsBackwards()).singleElement().asString().contains("m1 by bob");
    }

    @Test
    void aMessageShownToSomeoneElseIsMisdelivered() {
        send("m1", 1);
        show("bob", "phone", "m1", 1);
        show("eve", "phone", "m1", 1);
        checker.received("eve", "phone", new Shown("ghost", "c", "alice", 2, "boo"));

        assertThat(checker.report().misdelivered()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("eve/phone", "m1", "meant for [bob]"))
                .anySatisfy(line -> assertThat(line).contains("ghost", "nobody sent"));
    }

    @Test
    void theSendersOtherDevicesMayShowItsOwnGroupMessage() {
        checker.sent("alice", "g1", List.of("alice", "bob", "eve"));
        checker.sentReceipt("g1", "group", 1);
        checker.received("bob", "phone", new Shown("g1", "group", "alice", 1, "hi"));
        checker.received("eve", "phone", new Shown("g1", "group", "alice", 1, "hi"));
        checker.received("alice", "laptop", new Shown("g1", "group", "alice", 1, "hi"));

        assertThat(checker.report().isClean()).isTrue();
    }

    @Test
    void aRunWithALostADuplicatedAndAReorderedMessageReportsEach() {
        for (int i = 1; i <= 5; i++) {
            send("m" + i, i);
        }
        show("bob", "phone", "m1", 1);
        show("bob", "phone", "m3", 3);
        show("bob", "phone", "m2", 2);
        show("bob", "phone", "m4", 4);
        show("bob", "phone", "m4", 6);

        DeliveryReport report = checker.report();

        assertThat(report.lost()).singleElement().asString().contains("m5");
        assertThat(report.duplicates()).singleElement().asString().contains("m4");
        assertThat(report.orderViolations()).singleElement().asString().contains("m2");
        assertThat(report.isClean()).isFalse();
    }

    private void send(String id, long seq) {
        checker.sent("alice", id, List.of("bob"));
        checker.sentReceipt(id, "c", seq);
    }

    private void show(String user, String device, String id, long seq) {
        checker.received(user, device, new Shown(id, "c", "alice", seq, id));
    }
}

package dev.courier.message;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;
import java.util.UUID;

import static dev.courier.message.TestEvents.device;
import static dev.courier.message.TestEvents.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** Time to live, shortened to a few seconds: undelivered messages are destroyed and their senders told. */
@SpringBootTest(properties = {
        "courier.message.time-to-live=3s",
        "courier.message.expiry.scan-interval=300ms",
        "courier.message.retry.initial-backoff=1s",
        "courier.message.retry.max-backoff=2s",
        "courier.message.retry.scan-interval=200ms",
})
@DirtiesContext // the flow test's context uses the same consumer group with other settings
class MessageExpiryIntegrationTest extends MessageServiceIntegrationTest {

    @Test
    void anUndeliveredMessageIsDestroyedAndNeverDeliveredWhileADeliveredOneStays() {
        String a = newUser();
        String b = newUser();
        String c = newUser();
        DeviceSession a1 = device(a);
        DeviceSession c1 = device(c);
        online(a1, c1);

        String acknowledged = events.send(a1, c, "c reads this in time");
        await().atMost(PATIENCE).until(() -> !tap.messages(c1.sessionId()).isEmpty());
        events.receipt(c1, ReceiptStatus.DELIVERED, acknowledged);
        await().atMost(PATIENCE).until(() -> count("select count(*) from delivery d join message m "
                + "on m.id = d.message_id where m.client_id = ? and d.status = 'delivered'", acknowledged) == 1);

        String lost = events.send(a1, b, "b never comes");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.errors(a1.sessionId()))
                .extracting(ErrorFrame::code, ErrorFrame::ref)
                .containsExactly(tuple(ErrorFrame.EXPIRED, lost)));
        assertThat(count("select count(*) from message where client_id = ?", lost)).isZero();
        // Older than the lost one, so the job has looked at it too: acknowledged messages are kept.
        assertThat(count("select count(*) from message where client_id = ?", acknowledged)).isEqualTo(1);

        String fresh = events.send(a1, b, "b comes in time for this one");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(a1.sessionId()))
                .extracting(ReceiptFrame::messageId).contains(fresh));
        DeviceSession b1 = device(b);
        events.opened(b1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.messages(b1.sessionId()))
                .extracting(MessageFrame::id).contains(fresh).doesNotContain(lost));
    }

    @Test
    void theMediaOfADestroyedImageIsReleased() {
        String a = newUser();
        DeviceSession a1 = device(a);
        String media = "media-" + UUID.randomUUID();
        String lost = events.sendImage(a1, newUser(), media);
        await().atMost(PATIENCE).until(() -> count("select count(*) from message where media_id = ?", media) == 1);

        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", lost) == 0);
        assertThat(MediaTopic.released()).anyMatch(r -> r.mediaId().equals(media) && r.lastMessageId().equals(lost));
    }

    @Test
    void anOfflineSenderIsToldWhenItConnects() {
        String a = newUser();
        String b = newUser();
        DeviceSession sendingSocket = device(a);
        String lost = events.send(sendingSocket, b, "nobody is home");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(sendingSocket.sessionId()))
                .extracting(ReceiptFrame::messageId).containsExactly(lost));

        await().atMost(PATIENCE).until(() -> count("select count(*) from message where client_id = ?", lost) == 0);
        assertThat(count("select count(*) from pending_notice where user_id = ? and frame like '%expired%'", a))
                .isEqualTo(1);

        DeviceSession a2 = device(a);
        events.opened(a2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.errors(a2.sessionId()))
                .extracting(ErrorFrame::code, ErrorFrame::ref)
                .containsExactly(tuple(ErrorFrame.EXPIRED, lost)));
        await().atMost(PATIENCE).until(() -> count("select count(*) from pending_notice where user_id = ?", a) == 0);
    }

    @Test
    void aGroupMessageSomeMembersGotIsKeptTheOthersAreNoLongerTriedAndNoAllReceiptFollows() {
        String group = TestEvents.newGroup();
        String a = newUser();
        String b = newUser();
        String e = newUser();
        DeviceSession a1 = device(a);
        DeviceSession b1 = device(b);
        online(a1, b1);

        String m = events.sendToGroup(a1, group, List.of(b, e), "e is away");
        await().atMost(PATIENCE).until(() -> !tap.messages(b1.sessionId()).isEmpty());
        events.receipt(b1, ReceiptStatus.DELIVERED, m);
        await().atMost(PATIENCE).until(() -> count("select count(*) from delivery d join message m "
                + "on m.id = d.message_id where m.client_id = ? and d.recipient_id = ?", m, e) == 0);
        assertThat(count("select count(*) from message where client_id = ?", m)).isEqualTo(1);

        // b reads it after e was given up: b is not "all" of them.
        events.receipt(b1, ReceiptStatus.READ, m);
        String marker = events.sendToGroup(a1, group, List.of(b), "only b is left");
        await().atMost(PATIENCE).until(() -> tap.messages(b1.sessionId()).stream().anyMatch(f -> f.id().equals(marker)));
        events.receipt(b1, ReceiptStatus.DELIVERED, marker);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(tap.receipts(a1.sessionId()))
                .filteredOn(receipt -> receipt.status() != ReceiptStatus.SENT)
                .extracting(ReceiptFrame::status, ReceiptFrame::messageId, ReceiptFrame::by, ReceiptFrame::all)
                .containsExactly(tuple(ReceiptStatus.DELIVERED, m, b, null), tuple(ReceiptStatus.READ, m, b, null),
                        tuple(ReceiptStatus.DELIVERED, marker, b, null),
                        tuple(ReceiptStatus.DELIVERED, marker, null, true)));
        assertThat(tap.errors(a1.sessionId())).isEmpty();
        assertThat(count("select count(*) from pending_notice where user_id = ?", a)).isZero();
    }
}

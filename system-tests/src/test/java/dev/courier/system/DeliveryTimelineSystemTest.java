package dev.courier.system;

import dev.courier.client.ApiResponse;
import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.MessageTimeline;
import dev.courier.contracts.frames.DoneFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.stack.CourierStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Why did this message not arrive?": an operator follows one message through every step, with the gateway,
 * parser and session-service times it carried, each delivery attempt (the push, the retry timer's resends while the
 * recipient did not acknowledge), the receipts, and what its sender did to it afterwards (edits, the deletion for
 * everyone). Only admins may ask.
 */
@Order(8)
class DeliveryTimelineSystemTest {

    @Test
    void anAdminFollowsOneMessageThroughEveryStepIncludingARetryAndOthersAreRefused() throws Exception {
        CourierStack stack = SystemStack.shared();
        CourierClient gateway1 = new CourierClient(stack.gatewayUrl(1));
        CourierClient gateway2 = new CourierClient(stack.gatewayUrl(2));
        TestUser alice = TestUser.register(gateway1, "Alice");
        TestUser bob = TestUser.register(gateway1, "Bob");
        String adminToken = SystemStack.admin(gateway1).token();

        try (CourierConnection aliceSocket = alice.connect(gateway1);
             CourierConnection bobSocket = bob.connect(gateway2).autoAckDelivered(false)) {
            String id = aliceSocket.sendText(bob.userId(), "where is it?");
            // Bob's device does not acknowledge at first: the retry timer sends it again.
            await().atMost(Duration.ofSeconds(30)).until(() -> bobSocket.frames(MessageFrame.class).stream()
                    .filter(message -> message.id().equals(id)).count() >= 2);
            bobSocket.receipt("delivered", List.of(id));
            bobSocket.receipt("read", List.of(id));
            aliceSocket.awaitFrame(ReceiptFrame.class, receipt -> receipt.messageId().equals(id)
                    && receipt.status() == ReceiptStatus.READ, Duration.ofSeconds(30));
            // The retry timer's copies are the same message: no duplicate a client would show, receipts in order.
            new DeliveryRecorder().sent(alice, id, bob).device(alice, "phone", aliceSocket)
                    .device(bob, "phone", bobSocket).awaitClean(Duration.ofSeconds(30));
            // Then its sender fixes it and takes it back: the timeline says when and who, not what.
            assertThat(aliceSocket.awaitAnswer(aliceSocket.edit(id, "here it is"), Duration.ofSeconds(30)))
                    .isInstanceOf(DoneFrame.class);
            assertThat(aliceSocket.awaitAnswer(aliceSocket.delete(id), Duration.ofSeconds(30)))
                    .isInstanceOf(DoneFrame.class);

            ApiResponse response = gateway1.get("/api/admin/messages/" + id + "/timeline", adminToken);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            MessageTimeline timeline = JsonMapper.builder().build().readValue(response.body(), MessageTimeline.class);
            assertThat(timeline.messageId()).isEqualTo(id);
            assertThat(timeline.senderId()).isEqualTo(alice.userId());
            List<String> steps = timeline.steps().stream().map(MessageTimeline.Step::step).toList();
            assertThat(steps).startsWith("received", "parsed", "authorized", "stored")
                    .containsSubsequence("attempt", "attempt", "delivered", "read", "edited", "deleted");
            assertThat(timeline.steps()).filteredOn(step -> step.step().equals("edited")
                    || step.step().equals("deleted")).extracting(MessageTimeline.Step::userId)
                    .containsExactly(alice.userId(), alice.userId());
            assertThat(response.body()).doesNotContain("here it is");
            List<MessageTimeline.Step> attempts = timeline.steps().stream()
                    .filter(step -> step.step().equals("attempt")).toList();
            assertThat(attempts).allSatisfy(attempt -> {
                assertThat(attempt.userId()).isEqualTo(bob.userId());
                assertThat(attempt.gatewayId()).isEqualTo("gw-2");
            });
            assertThat(attempts.getFirst().detail()).isEqualTo("push");
            assertThat(attempts).extracting(MessageTimeline.Step::detail).contains("retry");
            assertThat(timeline.steps()).extracting(MessageTimeline.Step::at)
                    .isSortedAccordingTo(Instant::compareTo);
            assertThat(timeline.steps().stream().filter(step -> step.step().equals("delivered")).findFirst()
                    .orElseThrow().userId()).isEqualTo(bob.userId());

            assertThat(gateway1.get("/api/admin/messages/" + id + "/timeline", alice.token()).status())
                    .as("the sender is no admin").isEqualTo(403);
            assertThat(gateway1.get("/api/admin/messages/" + id + "/timeline", bob.token()).status())
                    .as("nor is the recipient").isEqualTo(403);
            assertThat(gateway1.get("/api/admin/messages/no-such-message/timeline", adminToken).status())
                    .isEqualTo(404);
        }
    }
}

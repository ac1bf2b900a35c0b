package dev.courier.gateway.websocket;

import dev.courier.contracts.events.FrameOutbound.ReceiptProgress;
import dev.courier.contracts.frames.ReceiptStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptProgressMemoryTest {

    private final ReceiptProgressMemory memory = new ReceiptProgressMemory(2);

    @Test
    void aDeliveredAfterTheReadOfTheSameMessageAndRecipientIsBehind() {
        assertThat(memory.advances(delivered("m1", "bob"))).isTrue();
        assertThat(memory.advances(read("m1", "bob"))).isTrue();

        assertThat(memory.advances(delivered("m1", "bob"))).isFalse();
        assertThat(memory.advances(read("m1", "bob"))).as("the same status again is not behind").isTrue();
    }

    @Test
    void otherRecipientsAndMessagesAreNotBehind() {
        memory.advances(read("m1", "bob"));

        assertThat(memory.advances(delivered("m1", "carol"))).isTrue();
        assertThat(memory.advances(delivered("m1", ReceiptProgress.ALL))).isTrue();
        assertThat(memory.advances(delivered("m2", "bob"))).isTrue();
    }

    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        memory.advances(read("m1", "bob"));
        memory.advances(read("m2", "bob"));
        memory.advances(read("m3", "bob"));

        assertThat(memory.advances(delivered("m1", "bob"))).as("forgotten").isTrue();
        assertThat(memory.advances(delivered("m3", "bob"))).isFalse();
    }

    private static ReceiptProgress delivered(String messageId, String by) {
        return new ReceiptProgress(messageId, by, ReceiptStatus.DELIVERED);
    }

    private static ReceiptProgress read(String messageId, String by) {
        return new ReceiptProgress(messageId, by, ReceiptStatus.READ);
    }
}

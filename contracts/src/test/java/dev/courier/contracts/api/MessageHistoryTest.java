package dev.courier.contracts.api;

import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The history's JSON: each item a {@code message} frame's fields, {@code status} only where there is one. */
class MessageHistoryTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final MessageHistory history = new MessageHistory(List.of(
            new MessageHistory.Item("m2", "c1", "alice", Recipient.user("bob"), 2, 2000L, MessageBody.text("mine"),
                    null, ReceiptStatus.DELIVERED),
            new MessageHistory.Item("m1", "c1", "bob", Recipient.user("alice"), 1, 1000L, MessageBody.text("hers"),
                    9000L, null)));

    @Test
    void itemsAreMessageFramesWithAStatusOnlyWhereThereIsOne() {
        JsonNode messages = json.readTree(json.writeValueAsString(history)).get("messages");

        assertThat(messages.get(0).get("type").asString()).isEqualTo("message");
        assertThat(messages.get(0).get("status").asString()).isEqualTo("delivered");
        assertThat(messages.get(0).get("to").get("user").asString()).isEqualTo("bob");
        assertThat(messages.get(0).has("expiresAt")).isFalse();
        assertThat(messages.get(1).get("type").asString()).isEqualTo("message");
        assertThat(messages.get(1).has("status")).isFalse();
        assertThat(messages.get(1).get("expiresAt").asLong()).isEqualTo(9000L);
    }

    @Test
    void reactionsEditsAndDeletionsShowOnlyWhereThereAreSome() {
        var edited = new MessageHistory.Item("m3", "c1", "alice", Recipient.user("bob"), 3, 3000L,
                MessageBody.text("fixed"), null, null, List.of(new MessageHistory.Reaction("bob", "👍")), 3500L, null);
        JsonNode items = json.readTree(json.writeValueAsString(new MessageHistory(List.of(edited,
                MessageHistory.Item.deleted("m4", "c1", "alice", 4, 4000L), history.messages().get(1))))).get("messages");

        assertThat(items.get(0).get("reactions").get(0).get("from").asString()).isEqualTo("bob");
        assertThat(items.get(0).get("reactions").get(0).get("emoji").asString()).isEqualTo("👍");
        assertThat(items.get(0).get("editedAt").asLong()).isEqualTo(3500L);
        assertThat(items.get(0).has("deleted")).isFalse();
        assertThat(items.get(1).propertyNames()).containsExactlyInAnyOrder("type", "id", "conversationId", "from",
                "seq", "sentAt", "deleted");
        assertThat(items.get(1).get("deleted").asBoolean()).isTrue();
        assertThat(items.get(2).has("reactions")).isFalse();
        assertThat(items.get(2).has("editedAt")).isFalse();
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(json.readValue(json.writeValueAsString(history), MessageHistory.class)).isEqualTo(history);
    }

    @Test
    void messageInfoKeepsTimesNotReachedYetAsNull() {
        String written = json.writeValueAsString(new MessageReceipts(List.of(
                new MessageReceipts.Receipt("bob", 1000L, null))));

        assertThat(written).isEqualTo("{\"receipts\":[{\"userId\":\"bob\",\"deliveredAt\":1000,\"readAt\":null}]}");
    }
}

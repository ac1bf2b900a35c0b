package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import dev.courier.contracts.frames.ReplyTo;

import java.util.List;

/** {@code GET /api/conversations/{id}/messages}: the caller's messages of a conversation, newest first. */
public record MessageHistory(List<Item> messages) {

    /**
     * One history item: the fields of the {@code message} frame, {@code "type":"message"} included, plus what only
     * the history carries (PROTOCOL.md v1.1, "State in history"). {@code status} is present on the caller's own
     * messages only: {@code sent}, {@code delivered} or {@code read}, as the receipts the sender got say; in a group
     * the {@code all:true} level ({@code sent} until every recipient has it). Absent on others' messages and on
     * system messages (a timer change, body {@code system}), which nobody receives. {@code reactions}: one per person
     * who reacted (absent when none); {@code editedAt}: set when the text was edited ({@code body} is then the current
     * text); {@code replyTo}: set on a reply (as in the {@code message} frame). A message deleted for everyone keeps
     * only {@code id, conversationId, from, seq, sentAt} and {@code deleted:true}: no {@code to}, no {@code body}.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeName("message")
    public record Item(
            String id,
            String conversationId,
            String from,
            @JsonInclude(JsonInclude.Include.NON_NULL) Recipient to,
            long seq,
            long sentAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) MessageBody body,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long expiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReceiptStatus status,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reaction> reactions,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long editedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean deleted,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReplyTo replyTo) {

        @JsonCreator
        public Item {
            reactions = reactions == null ? List.of() : List.copyOf(reactions);
        }

        /** Not a reply. */
        public Item(String id, String conversationId, String from, Recipient to, long seq, long sentAt,
                    MessageBody body, Long expiresAt, ReceiptStatus status, List<Reaction> reactions, Long editedAt,
                    Boolean deleted) {
            this(id, conversationId, from, to, seq, sentAt, body, expiresAt, status, reactions, editedAt, deleted,
                    null);
        }

        /** Neither reacted to, edited nor deleted. */
        public Item(String id, String conversationId, String from, Recipient to, long seq, long sentAt,
                    MessageBody body, Long expiresAt, ReceiptStatus status) {
            this(id, conversationId, from, to, seq, sentAt, body, expiresAt, status, List.of(), null, null);
        }

        /** What is left of a message deleted for everyone. */
        public static Item deleted(String id, String conversationId, String from, long seq, long sentAt) {
            return new Item(id, conversationId, from, null, seq, sentAt, null, null, null, List.of(), null, true);
        }
    }

    /** One person's reaction to a message: {@code from} reacted with {@code emoji}. */
    public record Reaction(String from, String emoji) {
    }
}

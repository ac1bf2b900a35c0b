package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;

import java.util.List;

/** {@code GET /api/conversations/{id}/messages}: the caller's messages of a conversation, newest first. */
public record MessageHistory(List<Item> messages) {

    /**
     * One history item: the fields of the {@code message} frame, {@code "type":"message"} included, plus what only
     * the history carries (PROTOCOL.md v1.1, "State in history"). {@code status} is present on the caller's own
     * messages only: {@code sent}, {@code delivered} or {@code read}, as the receipts the sender got say; in a group
     * the {@code all:true} level ({@code sent} until every recipient has it). Absent on others' messages and on
     * system messages (a timer change, body {@code system}), which nobody receives.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeName("message")
    public record Item(
            String id,
            String conversationId,
            String from,
            Recipient to,
            long seq,
            long sentAt,
            MessageBody body,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long expiresAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReceiptStatus status) {
    }
}

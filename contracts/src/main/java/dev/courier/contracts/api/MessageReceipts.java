package dev.courier.contracts.api;

import java.util.List;

/**
 * {@code GET /api/conversations/{conversationId}/messages/{messageId}/receipts} (message info, for the message's
 * sender only): one entry per recipient of the message (a direct chat: the other user; a group: every member it was
 * sent to), ordered by user id. Times are epoch milliseconds, {@code null} until that recipient got there;
 * {@code readAt} set implies {@code deliveredAt} set (a recipient that went straight to read has both at that time).
 */
public record MessageReceipts(List<Receipt> receipts) {

    public record Receipt(String userId, Long deliveredAt, Long readAt) {
    }
}

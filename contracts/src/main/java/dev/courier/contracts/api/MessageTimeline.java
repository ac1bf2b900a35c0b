package dev.courier.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/admin/messages/{messageId}/timeline} (admins only): each step one message went through, in time
 * order. {@code step} is one of {@code received} (a gateway read the frame), {@code parsed}, {@code authorized},
 * {@code stored} (the sender's {@code sent} receipt follows), {@code attempt} (the message frame was routed to a
 * recipient's device: {@code detail} says {@code push}, {@code retry} or {@code flush}), {@code delivered} and
 * {@code read} (the recipient's receipt), {@code edited} (its sender changed the text; {@code userId} the editor,
 * the text is not shown), {@code deleted} (deleted for everyone; {@code userId} who deleted it) and {@code expires}
 * (when a disappearing message will be deleted).
 * Times are each service's clock.
 */
public record MessageTimeline(String messageId, String conversationId, String senderId, long seq, List<Step> steps) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String step, Instant at, String service, String userId, String sessionId, String gatewayId,
                       String detail) {

        public static Step of(String step, Instant at, String service) {
            return new Step(step, at, service, null, null, null, null);
        }
    }
}

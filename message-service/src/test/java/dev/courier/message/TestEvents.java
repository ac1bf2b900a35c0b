package dev.courier.message;

import dev.courier.contracts.events.ConversationIds;
import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.MessageAction;
import dev.courier.contracts.events.MessageActionAuthorized;
import dev.courier.contracts.events.ReceiptAuthorized;
import dev.courier.contracts.events.SendAuthorized;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.MessageBody;
import dev.courier.contracts.frames.ReceiptStatus;
import dev.courier.contracts.frames.Recipient;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Publishes what the gateway and session-service would, keyed as the ADR says. */
final class TestEvents {

    static final String GATEWAY = "gw-test";

    private final KafkaTemplate<String, CourierEvent> kafka;

    TestEvents(KafkaTemplate<String, CourierEvent> kafka) {
        this.kafka = kafka;
    }

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static DeviceSession device(String userId) {
        return device(userId, GATEWAY);
    }

    static DeviceSession device(String userId, String gatewayId) {
        return new DeviceSession(userId, "device-" + UUID.randomUUID(), "session-" + UUID.randomUUID(), gatewayId);
    }

    void opened(DeviceSession session) {
        opened(session, Instant.now());
    }

    void opened(DeviceSession session, Instant at) {
        publish(Topics.SESSIONS, session.userId(), new SessionOpened(UUID.randomUUID(), at, session, false));
    }

    void closed(DeviceSession session) {
        publish(Topics.SESSIONS, session.userId(),
                new SessionClosed(UUID.randomUUID(), Instant.now(), session, "test"));
    }

    /** A direct message from {@code sender} to {@code recipient}; returns the client id. */
    String send(DeviceSession sender, String recipient, String text) {
        String clientId = UUID.randomUUID().toString();
        send(sender, clientId, recipient, text);
        return clientId;
    }

    void send(DeviceSession sender, String clientId, String recipient, String text) {
        SendAuthorized send = directSend(sender, clientId, recipient, text);
        publish(Topics.MESSAGES, send.conversationId(), send);
    }

    /**
     * A direct message from {@code sender} to {@code recipient}, who blocks the sender: session-service authorises
     * it withheld from the recipient. Returns the client id.
     */
    String sendWithheld(DeviceSession sender, String recipient, String text) {
        String clientId = UUID.randomUUID().toString();
        SendAuthorized send = directSend(sender, clientId, recipient, text);
        publish(Topics.MESSAGES, send.conversationId(), new SendAuthorized(send.eventId(), send.at(), sender,
                clientId, send.to(), send.conversationId(), send.recipientUserIds(), send.body(), send.receivedAt(),
                send.parsedAt(), List.of(recipient)));
        return clientId;
    }

    /** A direct reply from {@code sender} to {@code recipient} quoting {@code replyTo}; returns the client id. */
    String reply(DeviceSession sender, String recipient, String text, String replyTo) {
        String clientId = UUID.randomUUID().toString();
        publish(Topics.MESSAGES, ConversationIds.direct(sender.userId(), recipient),
                directReply(sender, clientId, recipient, text, replyTo));
        return clientId;
    }

    /** A direct reply as session-service authorises it, not published. */
    static SendAuthorized directReply(DeviceSession sender, String clientId, String recipient, String text,
                                      String replyTo) {
        SendAuthorized send = directSend(sender, clientId, recipient, text);
        return new SendAuthorized(send.eventId(), send.at(), sender, clientId, send.to(), send.conversationId(),
                send.recipientUserIds(), send.body(), send.receivedAt(), send.parsedAt(), List.of(), replyTo);
    }

    /** A direct text message as session-service authorises it, not published (for a listener called directly). */
    static SendAuthorized directSend(DeviceSession sender, String clientId, String recipient, String text) {
        String conversationId = ConversationIds.direct(sender.userId(), recipient);
        // The trail as the gateway, parser and session-service would have written it, a few ms apart.
        Instant authorized = Instant.now();
        return new SendAuthorized(UUID.randomUUID(), authorized, sender, clientId, Recipient.user(recipient),
                conversationId, List.of(recipient), MessageBody.text(text), authorized.minusMillis(7),
                authorized.minusMillis(3));
    }

    /** A direct image message ({@code mediaId}, no caption) from {@code sender}; returns the client id. */
    String sendImage(DeviceSession sender, String recipient, String mediaId) {
        String clientId = UUID.randomUUID().toString();
        String conversationId = ConversationIds.direct(sender.userId(), recipient);
        publish(Topics.MESSAGES, conversationId, new SendAuthorized(UUID.randomUUID(), Instant.now(), sender,
                clientId, Recipient.user(recipient), conversationId, List.of(recipient),
                new MessageBody(null, new MessageBody.Image(mediaId, null))));
        return clientId;
    }

    /**
     * A message from {@code sender} to group {@code groupId}, as session-service authorises it: the recipients are
     * the members at send time less the sender. Returns the client id.
     */
    String sendToGroup(DeviceSession sender, String groupId, List<String> recipients, String text) {
        String clientId = UUID.randomUUID().toString();
        publish(Topics.MESSAGES, groupId, new SendAuthorized(UUID.randomUUID(), Instant.now(), sender, clientId,
                Recipient.group(groupId), groupId, recipients, MessageBody.text(text)));
        return clientId;
    }

    static String newGroup() {
        return "group-" + UUID.randomUUID();
    }

    /** Publishes the receipt and returns it, so that a test can publish the very same event again. */
    ReceiptAuthorized receipt(DeviceSession reader, ReceiptStatus status, String... messageIds) {
        var receipt = new ReceiptAuthorized(UUID.randomUUID(), Instant.now(), reader, status, List.of(messageIds));
        replay(receipt);
        return receipt;
    }

    /**
     * A message action as session-service authorises it ({@code at}: when the actor asked), published; returned so
     * that a test can publish it again.
     */
    MessageActionAuthorized action(DeviceSession actor, MessageAction action, String actionId, String messageId,
                                   String emoji, MessageBody body, Instant at) {
        var event = new MessageActionAuthorized(UUID.randomUUID(), at, actor, action, actionId, messageId, emoji, body);
        replay(event);
        return event;
    }

    /** Publishes this action (again: a client's retry with the same id is a new record with a new event id). */
    void replay(MessageActionAuthorized action) {
        publish(Topics.MESSAGES, action.actor().userId(), action);
    }

    /** Publishes this send (again: a redelivered record). */
    void replay(SendAuthorized send) {
        publish(Topics.MESSAGES, send.conversationId(), send);
    }

    /** Publishes this receipt (again: a redelivered record). */
    void replay(ReceiptAuthorized receipt) {
        publish(Topics.MESSAGES, receipt.reader().userId(), receipt);
    }

    private void publish(String topic, String key, CourierEvent event) {
        try {
            kafka.send(topic, key, event).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event, e);
        }
    }
}

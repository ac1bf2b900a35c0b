package dev.courier.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * Every value on a Courier Kafka topic: an immutable record named as a fact (or, for commands, as the request
 * it carries), with a unique {@code eventId} (listeners are idempotent on it or on a natural key) and the time it
 * happened. The JSON carries the record's name in {@code @event}, so one serde reads every topic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@event")
@JsonSubTypes({
        @JsonSubTypes.Type(FrameReceived.class),
        @JsonSubTypes.Type(SessionOpened.class),
        @JsonSubTypes.Type(SessionClosed.class),
        @JsonSubTypes.Type(SendRequested.class),
        @JsonSubTypes.Type(ReceiptRequested.class),
        @JsonSubTypes.Type(TypingRequested.class),
        @JsonSubTypes.Type(PresenceChangeRequested.class),
        @JsonSubTypes.Type(PresenceSubscriptionRequested.class),
        @JsonSubTypes.Type(SendAuthorized.class),
        @JsonSubTypes.Type(ReceiptAuthorized.class),
        @JsonSubTypes.Type(FrameRouted.class),
        @JsonSubTypes.Type(FrameOutbound.class),
        @JsonSubTypes.Type(DeliveriesAcknowledged.class),
        @JsonSubTypes.Type(AccountDeactivated.class),
        @JsonSubTypes.Type(DeviceLoggedOut.class),
        @JsonSubTypes.Type(GatewayHeartbeat.class),
        @JsonSubTypes.Type(GroupCreated.class),
        @JsonSubTypes.Type(MemberAdded.class),
        @JsonSubTypes.Type(MemberRemoved.class),
        @JsonSubTypes.Type(MediaReleased.class),
        @JsonSubTypes.Type(ProfileChanged.class),
        @JsonSubTypes.Type(MessageActionRequested.class),
        @JsonSubTypes.Type(MessageActionAuthorized.class),
        @JsonSubTypes.Type(UserBlocked.class),
        @JsonSubTypes.Type(UserUnblocked.class),
})
public sealed interface CourierEvent permits FrameReceived, SessionOpened, SessionClosed, SendRequested,
        ReceiptRequested, TypingRequested, PresenceChangeRequested, PresenceSubscriptionRequested, SendAuthorized,
        ReceiptAuthorized, FrameRouted, FrameOutbound, DeliveriesAcknowledged, AccountDeactivated, DeviceLoggedOut,
        GatewayHeartbeat, GroupCreated, MemberAdded,
        MemberRemoved, MediaReleased, ProfileChanged, MessageActionRequested, MessageActionAuthorized, UserBlocked,
        UserUnblocked {

    UUID eventId();

    Instant at();
}

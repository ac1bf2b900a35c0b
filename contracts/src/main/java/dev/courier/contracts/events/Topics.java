package dev.courier.contracts.events;

/**
 * Kafka topic names. Keys are chosen so the order that matters holds: per user for what a user's sockets send
 * and receive, per conversation for sends.
 *
 * <pre>
 * gateway --FRAMES_INBOUND--> parser --COMMANDS--> session --MESSAGES--> message
 *    ^                                                 |                     |
 *    +--gatewayOutbound(id)-- parser <--DELIVERIES-----+---------------------+
 * gateway --SESSIONS--> session, message        auth --ACCOUNTS--> gateway, session
 * last-seen --BLOCKS--> session
 * </pre>
 */
public final class Topics {

    /** {@link FrameReceived}, keyed by user id. */
    public static final String FRAMES_INBOUND = "courier.frames.inbound";
    /** {@link SessionOpened}, {@link SessionClosed}, keyed by user id; {@link GatewayHeartbeat}, keyed by gateway id. */
    public static final String SESSIONS = "courier.sessions";
    /**
     * Parsed client commands ({@link SendRequested}, {@link ReceiptRequested}, {@link MessageActionRequested}, ...),
     * keyed by user id.
     */
    public static final String COMMANDS = "courier.commands";
    /**
     * {@link SendAuthorized} keyed by conversation id; {@link ReceiptAuthorized} and {@link MessageActionAuthorized}
     * keyed by user id.
     */
    public static final String MESSAGES = "courier.messages";
    /** {@link FrameRouted}, keyed by the target's user id. */
    public static final String DELIVERIES = "courier.deliveries";
    /** {@link AccountDeactivated}, {@link DeviceLoggedOut}, {@link ProfileChanged}, keyed by user id. */
    public static final String ACCOUNTS = "courier.accounts";

    /** {@link GroupCreated}, {@link MemberAdded}, {@link MemberRemoved}, keyed by group id. */
    public static final String GROUPS = "courier.groups";

    /** {@link UserBlocked}, {@link UserUnblocked}, keyed by the blocker's user id. */
    public static final String BLOCKS = "courier.blocks";

    /** {@link MediaReleased}, keyed by media id. */
    public static final String MEDIA = "courier.media";

    /** Suffix of the dead-letter topic of each topic: records that failed their bounded retries. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private static final String GATEWAY_OUTBOUND_PREFIX = "courier.gateway.";

    private Topics() {
    }

    /** The topic one gateway instance reads: {@link FrameOutbound} and {@link DeliveriesAcknowledged}. */
    public static String gatewayOutbound(String gatewayId) {
        return GATEWAY_OUTBOUND_PREFIX + gatewayId;
    }
}

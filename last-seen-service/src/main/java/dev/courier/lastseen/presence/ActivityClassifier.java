package dev.courier.lastseen.presence;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.contracts.frames.ReceiptStatus;

import java.util.Optional;

/**
 * User or system activity, from the event types parser-service and the gateways publish (the event type carries
 * the classification, so the parser needs no flag):
 *
 * <table>
 *   <tr><th>event</th><th>frame / cause</th><th>kind</th></tr>
 *   <tr><td>{@code SendRequested}</td><td>{@code send}</td><td>user</td></tr>
 *   <tr><td>{@code ReceiptRequested} read</td><td>{@code receipt read}</td><td>user</td></tr>
 *   <tr><td>{@code TypingRequested}</td><td>{@code typing}</td><td>user</td></tr>
 *   <tr><td>{@code PresenceChangeRequested} foreground</td><td>{@code presence foreground}</td><td>user</td></tr>
 *   <tr><td>{@code ReceiptRequested} delivered</td><td>{@code receipt delivered}</td><td>system</td></tr>
 *   <tr><td>{@code PresenceChangeRequested} background</td><td>{@code presence background}</td><td>system</td></tr>
 *   <tr><td>{@code PresenceSubscriptionRequested}</td><td>{@code subscribe_presence} (apps send it on their own)</td><td>system</td></tr>
 *   <tr><td>{@code SessionOpened} / {@code SessionClosed}</td><td>connect, reconnect, disconnect</td><td>system</td></tr>
 * </table>
 * {@code ping} never reaches Kafka (the gateway answers it): system activity that moves nothing. Anything else is
 * no activity at all.
 */
final class ActivityClassifier {

    static final String FOREGROUND = "foreground";
    static final String BACKGROUND = "background";

    private ActivityClassifier() {
    }

    public static Optional<Activity> classify(CourierEvent event) {
        return Optional.ofNullable(switch (event) {
            case SendRequested send -> Activity.user("send");
            case ReceiptRequested receipt -> receipt.status() == ReceiptStatus.READ
                    ? Activity.user("read") : Activity.system("delivered");
            case TypingRequested typing -> Activity.user("typing");
            case PresenceChangeRequested change -> FOREGROUND.equals(change.state())
                    ? Activity.user(FOREGROUND) : Activity.system(BACKGROUND);
            case PresenceSubscriptionRequested subscription -> Activity.system("subscribe");
            case SessionOpened opened -> Activity.system(opened.background() ? "connect_background" : "connect");
            case SessionClosed closed -> Activity.system("disconnect");
            default -> null;
        });
    }
}

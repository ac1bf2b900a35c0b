package dev.courier.lastseen.watchers;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.frames.ErrorFrame;
import dev.courier.lastseen.LastSeenProperties;
import dev.courier.lastseen.presence.PresenceTracker;
import dev.courier.lastseen.privacy.PresenceViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;

/**
 * {@code subscribe_presence}: each listed user must exist ({@code error not_found}, {@code ref} = the user id,
 * otherwise); the subscriber then watches it (added to its list, up to {@code max-subscriptions}: beyond,
 * {@code error invalid}) and the subscribing socket gets the user's current {@code presence} at once, as the
 * subscriber may see it (nothing when the user blocks the subscriber). A failed user lookup throws, so the command
 * is retried, then dead-lettered.
 */
@Component
public class SubscriptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionHandler.class);

    private final UserDirectory directory;
    private final Subscriptions subscriptions;
    private final PresenceTracker tracker;
    private final PresenceViews views;
    private final FrameRouter router;
    private final int maxSubscriptions;

    SubscriptionHandler(UserDirectory directory, Subscriptions subscriptions, PresenceTracker tracker,
                        PresenceViews views, FrameRouter router, LastSeenProperties properties) {
        this.directory = directory;
        this.subscriptions = subscriptions;
        this.tracker = tracker;
        this.views = views;
        this.router = router;
        this.maxSubscriptions = properties.maxSubscriptions();
    }

    public void handle(PresenceSubscriptionRequested request) {
        DeviceSession session = request.session();
        String subscriber = session.userId();
        var batch = router.batch();
        for (String watched : new LinkedHashSet<>(request.users())) {
            if (!directory.exists(watched)) {
                batch.route(session, new ErrorFrame(ErrorFrame.NOT_FOUND, "No such user: " + watched, watched));
                log.info("user {} cannot watch {}: no such user", subscriber, watched);
            } else if (!subscriptions.add(subscriber, watched, maxSubscriptions)) {
                batch.route(session, new ErrorFrame(ErrorFrame.INVALID,
                        "At most " + maxSubscriptions + " presence subscriptions", watched));
                log.info("user {} cannot watch {}: already watches {} users", subscriber, watched, maxSubscriptions);
            } else if (views.hiddenFrom(subscriber, watched)) {
                // Blocked by the watched user: no frame at all (a masked one would still say the user exists and
                // answered), and no push later either (PresenceViews#pushesFor).
                log.debug("user {} watches {}, who blocks it: nothing sent", subscriber, watched);
            } else {
                batch.route(session, views.frameFor(subscriber, tracker.current(watched)));
            }
        }
        batch.await();
        log.debug("session {} of user {} subscribed to {} users", session.sessionId(), subscriber,
                request.users().size());
    }
}

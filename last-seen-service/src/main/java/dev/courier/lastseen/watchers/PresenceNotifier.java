package dev.courier.lastseen.watchers;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.presence.ConnectedDevices;
import dev.courier.lastseen.presence.PresenceChanges;
import dev.courier.lastseen.presence.PresenceSnapshot;
import dev.courier.lastseen.privacy.PresenceViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Pushes a {@code presence} frame to every connected device of every subscriber of a user who went online or
 * offline, as each subscriber may see it. It runs in the thread that made the change, right away (not after the
 * coalesced database write), and awaits the sends.
 */
@Component
class PresenceNotifier implements PresenceChanges {

    private static final Logger log = LoggerFactory.getLogger(PresenceNotifier.class);

    private final Subscriptions subscriptions;
    private final ConnectedDevices devices;
    private final PresenceViews views;
    private final FrameRouter router;
    private final Counter pushed;

    PresenceNotifier(Subscriptions subscriptions, ConnectedDevices devices, PresenceViews views, FrameRouter router,
                     MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.devices = devices;
        this.views = views;
        this.router = router;
        this.pushed = Counter.builder("courier.lastseen.presence.pushed")
                .description("presence frames pushed to subscribers' devices on online/offline changes")
                .register(meters);
    }

    @Override
    public void changed(PresenceSnapshot presence) {
        List<String> subscribers = subscriptions.subscribersOf(presence.userId());
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, List<DeviceSession>> online = devices.of(subscribers);
        if (online.isEmpty()) {
            return;
        }
        Map<String, PresenceFrame> frames = views.pushesFor(online.keySet(), presence);
        var batch = router.batch();
        frames.forEach((subscriber, frame) -> online.get(subscriber).forEach(device -> batch.route(device, frame)));
        batch.await();
        pushed.increment(batch.size());
        log.debug("presence of user {} (online {}) pushed to {} devices of {} subscribers", presence.userId(),
                presence.online(), batch.size(), frames.size());
    }
}

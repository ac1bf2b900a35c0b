package dev.courier.lastseen.watchers;

import dev.courier.contracts.api.Visibility;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.Topics;
import dev.courier.contracts.frames.ProfileFrame;
import dev.courier.lastseen.presence.ConnectedDevices;
import dev.courier.lastseen.privacy.Visibilities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code courier.accounts}: a {@link ProfileChanged} is pushed as a {@code profile} frame to every connected device
 * (foreground or background) of each contact of the user, with about and photo as that contact may see them, and to
 * the user's own other devices (all of it). Contacts not connected get nothing (they read the profile when they
 * look it up). A replay pushes the same frame again: harmless, it carries the state after the change. Returns once
 * the frames are on {@code courier.deliveries}. Other account events are ignored.
 */
@Component
@KafkaListener(id = "last-seen-profiles", idIsGroup = false, topics = Topics.ACCOUNTS)
class ProfileListener {

    private static final Logger log = LoggerFactory.getLogger(ProfileListener.class);

    private final Visibilities visibilities;
    private final ConnectedDevices devices;
    private final FrameRouter router;
    private final Counter pushed;

    ProfileListener(Visibilities visibilities, ConnectedDevices devices, FrameRouter router, MeterRegistry meters) {
        this.visibilities = visibilities;
        this.devices = devices;
        this.router = router;
        this.pushed = Counter.builder("courier.lastseen.profile.pushed")
                .description("profile frames pushed to contacts' devices on profile changes")
                .register(meters);
    }

    @KafkaHandler
    void profileChanged(ProfileChanged change) {
        String owner = change.userId();
        Map<String, Visibility> audience = new LinkedHashMap<>(visibilities.ofContacts(owner));
        audience.put(owner, Visibility.ALL);
        Map<String, List<DeviceSession>> connected = devices.of(audience.keySet());
        var batch = router.batch();
        connected.forEach((viewer, sessions) -> {
            Visibility sees = audience.get(viewer);
            var frame = new ProfileFrame(owner, change.displayName(), sees.about() ? change.about() : null,
                    sees.profilePhoto() ? change.profilePhoto() : null);
            sessions.forEach(session -> batch.route(session, frame));
        });
        batch.await();
        pushed.increment(batch.size());
        log.info("profile change {} of user {} pushed to {} devices of {} connected contacts (of {})",
                change.eventId(), owner, batch.size(), connected.size(), audience.size() - 1);
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {} on {}", event.getClass().getSimpleName(), Topics.ACCOUNTS);
    }
}

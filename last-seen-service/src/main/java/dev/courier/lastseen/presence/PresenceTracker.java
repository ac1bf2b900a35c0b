package dev.courier.lastseen.presence;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.events.PresenceChangeRequested;
import dev.courier.contracts.events.PresenceSubscriptionRequested;
import dev.courier.contracts.events.ReceiptRequested;
import dev.courier.contracts.events.SendRequested;
import dev.courier.contracts.events.SessionClosed;
import dev.courier.contracts.events.SessionOpened;
import dev.courier.contracts.events.TypingRequested;
import dev.courier.lastseen.LastSeenProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The hot presence state of the users this instance owns, and the one way to change it. Each user's
 * {@link UserPresence} is loaded lazily from the database on first touch and changed under its monitor; the
 * session rows are written on every change, an offline transition writes last seen at once and is pushed
 * ({@link PresenceChanges}) before the call returns, other moves of last seen wait for the coalescing flusher.
 * Callers are the presence listener (one thread per partition set), the grace timer and the lease sweeper.
 */
@Component
public class PresenceTracker {

    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

    private final Map<String, UserPresence> users = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final PresenceStore store;
    private final Ownership ownership;
    private final PresenceChanges changes;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration grace;
    private final MeterRegistry meters;

    PresenceTracker(PresenceStore store, Ownership ownership, PresenceChanges changes, TaskScheduler scheduler,
                    Clock clock, LastSeenProperties properties, MeterRegistry meters) {
        this.store = store;
        this.ownership = ownership;
        this.changes = changes;
        this.scheduler = scheduler;
        this.clock = clock;
        this.grace = properties.offlineGrace();
        this.meters = meters;
        meters.gaugeMapSize("courier.lastseen.users.in.memory", List.of(), users);
    }

    public void opened(SessionOpened opened) {
        count(opened);
        DeviceSession session = opened.session();
        var device = new UserPresence.Device(session.sessionId(), session.deviceId(), session.gatewayId(),
                !opened.background(), opened.at());
        update(session.userId(), user -> {
            store.saveSession(user.userId(), device);
            return user.connected(device, opened.at());
        });
    }

    /**
     * A socket closed. A client that closed it itself (1000, 1001) left on purpose: offline at once. A dropped or
     * silent connection gets the grace, because a phone that loses its network usually reconnects within seconds.
     */
    public void closed(SessionClosed closed) {
        count(closed);
        disconnected(closed.session().userId(), closed.session().sessionId(), closed.at(),
                closed.closedByClient() ? Duration.ZERO : grace);
    }

    /** A session whose gateway died: closed as of {@code at}, the last moment it can have been alive. */
    public void expired(String userId, String sessionId, Instant at) {
        disconnected(userId, sessionId, at, grace);
    }

    private void disconnected(String userId, String sessionId, Instant at, Duration grace) {
        update(userId, user -> {
            store.deleteSession(sessionId);
            var change = user.disconnected(sessionId, at, clock.instant(), grace);
            if (user.offlineDeadline() != null) {
                scheduler.schedule(() -> graceExpired(userId), user.offlineDeadline());
            }
            return change;
        });
    }

    private void graceExpired(String userId) {
        try {
            update(userId, user -> user.graceExpired(clock.instant()));
        } catch (RuntimeException e) {
            log.error("could not take user {} offline after the grace; retrying", userId, e);
            scheduler.schedule(() -> graceExpired(userId), clock.instant().plusSeconds(1));
        }
    }

    /** A client command: user activity moves last seen, {@code presence} changes its device's state. */
    public void command(CourierEvent command) {
        var activity = count(command);
        if (activity == null) {
            return;
        }
        String userId = sessionOf(command).userId();
        update(userId, user -> {
            if (activity.isUser()) {
                user.userActivity(command.at());
            }
            if (command instanceof PresenceChangeRequested change) {
                String sessionId = change.session().sessionId();
                var result = ActivityClassifier.FOREGROUND.equals(change.state())
                        ? user.foreground(sessionId, change.at())
                        : user.background(sessionId, change.at());
                var device = user.device(sessionId);
                if (device != null) {
                    store.saveSession(userId, device);
                }
                return result;
            }
            return UserPresence.Change.NONE;
        });
    }

    /** The user's presence now: from memory when this instance owns the user, else from the database. */
    public PresenceSnapshot current(String userId) {
        if (ownership.owns(userId)) {
            return withUser(userId, UserPresence::snapshot);
        }
        return store.load(userId).snapshot();
    }

    /** Writes the last seen of every dirty user; at most once per call, whatever happened since the last. */
    void flushDirty() {
        Map<String, Instant> batch = new LinkedHashMap<>();
        for (String userId : List.copyOf(dirty)) {
            dirty.remove(userId);
            UserPresence user = users.get(userId);
            if (user != null) {
                synchronized (user) {
                    if (user.dirty() && user.lastSeen() != null) {
                        batch.put(userId, user.lastSeen());
                        user.written();
                    }
                }
            }
        }
        try {
            store.writeLastSeen(batch);
        } catch (RuntimeException e) {
            dirty.addAll(batch.keySet()); // the next run tries again; last seen only moves forward
            throw e;
        }
        if (!batch.isEmpty()) {
            log.debug("wrote last seen of {} users", batch.size());
        }
    }

    /** Drops from memory the users that are clean and untouched since {@code cutoff}, or no longer owned. */
    void evict(Instant cutoff, Set<Integer> revokedPartitions) {
        users.forEach((userId, user) -> {
            boolean revoked = !revokedPartitions.isEmpty() && revokedPartitions.contains(ownership.partitionOf(userId));
            synchronized (user) {
                if (revoked || user.idleSince(cutoff)) {
                    user.evict();
                    users.remove(userId, user);
                }
            }
        });
    }

    private void update(String userId, Function<UserPresence, UserPresence.Change> action) {
        withUser(userId, user -> {
            var change = action.apply(user);
            if (change == UserPresence.Change.WENT_OFFLINE) {
                store.writeLastSeen(Map.of(userId, user.lastSeen()));
                user.written();
            }
            if (change != UserPresence.Change.NONE) {
                var snapshot = user.snapshot();
                log.info("user {} went {} (last seen {})", userId, snapshot.online() ? "online" : "offline",
                        snapshot.lastSeen());
                changes.changed(snapshot);
            }
            return change;
        });
    }

    private <T> T withUser(String userId, Function<UserPresence, T> action) {
        while (true) {
            UserPresence user = users.computeIfAbsent(userId, store::load);
            synchronized (user) {
                if (user.evicted()) {
                    continue; // evicted between the lookup and the lock: load it again
                }
                T result = action.apply(user);
                user.touched(clock.instant());
                if (user.dirty()) {
                    dirty.add(userId);
                }
                return result;
            }
        }
    }

    private static DeviceSession sessionOf(CourierEvent command) {
        return switch (command) {
            case SendRequested send -> send.session();
            case ReceiptRequested receipt -> receipt.session();
            case TypingRequested typing -> typing.session();
            case PresenceChangeRequested change -> change.session();
            case PresenceSubscriptionRequested subscription -> subscription.session();
            default -> throw new IllegalArgumentException("Not a client command: " + command);
        };
    }

    private Activity count(CourierEvent event) {
        var activity = ActivityClassifier.classify(event).orElse(null);
        if (activity != null) {
            meters.counter("courier.lastseen.activity", "kind", activity.kind().tag(), "type", activity.type())
                    .increment();
        }
        return activity;
    }
}

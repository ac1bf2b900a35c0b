package dev.courier.lastseen.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's presence, the state machine of PROTOCOL.md's "Presence" paragraph. Not thread-safe:
 * {@link PresenceTracker} holds the object's monitor around every call.
 * <ul>
 *   <li>{@code online} (as announced to subscribers) is true while a connected device is in the foreground, and
 *       during the grace that follows the disconnect of the last foreground device.</li>
 *   <li>{@code lastSeen} only moves forward: to the moment a device comes to the foreground, to each user activity
 *       (from any device), and to the moment the user goes offline (an explicit {@code presence background}: at
 *       once; a disconnect: the socket's last moment, announced when the grace has passed without a foreground
 *       reconnect). System activity never moves it.</li>
 * </ul>
 * Every move of {@code lastSeen} makes the user dirty, to be written by the coalescing flusher.
 */
final class UserPresence {

    /** What a call did to the announced state; only these are pushed to subscribers. */
    enum Change { NONE, WENT_ONLINE, WENT_OFFLINE }

    /** One connected socket of the user. */
    record Device(String sessionId, String deviceId, String gatewayId, boolean foreground, Instant openedAt) {

        Device withForeground(boolean foreground) {
            return new Device(sessionId, deviceId, gatewayId, foreground, openedAt);
        }
    }

    private final String userId;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private boolean online;
    private Instant lastSeen;
    /** Set while the last foreground device is gone but the grace has not passed. */
    private Instant offlineDeadline;
    private Instant lastSeenIfOffline;
    private boolean dirty;
    private boolean evicted;
    private Instant touchedAt = Instant.EPOCH;

    UserPresence(String userId) {
        this.userId = userId;
    }

    /** State as the database kept it: online when one of the devices is in the foreground. */
    static UserPresence restored(String userId, Instant lastSeen, Collection<Device> devices) {
        var presence = new UserPresence(userId);
        presence.lastSeen = lastSeen;
        devices.forEach(device -> presence.devices.put(device.sessionId(), device));
        presence.online = presence.hasForeground();
        return presence;
    }

    Change connected(Device device, Instant at) {
        devices.put(device.sessionId(), device);
        return device.foreground() ? foregroundAdded(at) : Change.NONE;
    }

    /** A {@code presence foreground} from one of the devices; an unknown session changes nothing. */
    Change foreground(String sessionId, Instant at) {
        Device device = devices.get(sessionId);
        if (device == null) {
            return Change.NONE;
        }
        devices.put(sessionId, device.withForeground(true));
        return foregroundAdded(at);
    }

    /** A deliberate {@code presence background}: the last foreground device leaving takes the user offline at once. */
    Change background(String sessionId, Instant at) {
        Device device = devices.get(sessionId);
        if (device == null || !device.foreground()) {
            return Change.NONE;
        }
        devices.put(sessionId, device.withForeground(false));
        if (hasForeground() || !online || offlineDeadline != null) {
            return Change.NONE;
        }
        return offline(at);
    }

    /**
     * A socket closed; {@code at} is its last moment. When it was the last foreground device, the user stays online
     * for {@code grace} from {@code now} (zero: goes offline at once); {@link #graceExpired} ends it.
     */
    Change disconnected(String sessionId, Instant at, Instant now, Duration grace) {
        Device device = devices.remove(sessionId);
        if (device == null || !device.foreground() || hasForeground() || !online) {
            return Change.NONE;
        }
        if (grace.isZero() || grace.isNegative()) {
            return offline(at);
        }
        offlineDeadline = now.plus(grace);
        lastSeenIfOffline = at;
        return Change.NONE;
    }

    /** The grace timer fired: offline at the last socket's last moment, unless a foreground device came back. */
    Change graceExpired(Instant now) {
        if (offlineDeadline == null || now.isBefore(offlineDeadline)) {
            return Change.NONE;
        }
        Instant at = lastSeenIfOffline;
        offlineDeadline = null;
        lastSeenIfOffline = null;
        return hasForeground() ? Change.NONE : offline(at);
    }

    /** User activity (send, read, typing, foreground) from any device, foreground or background. */
    void userActivity(Instant at) {
        moveLastSeen(at);
    }

    private Change foregroundAdded(Instant at) {
        moveLastSeen(at);
        offlineDeadline = null;
        lastSeenIfOffline = null;
        if (online) {
            return Change.NONE;
        }
        online = true;
        return Change.WENT_ONLINE;
    }

    private Change offline(Instant at) {
        online = false;
        moveLastSeen(at);
        return Change.WENT_OFFLINE;
    }

    private void moveLastSeen(Instant at) {
        if (at != null && (lastSeen == null || at.isAfter(lastSeen))) {
            lastSeen = at;
            dirty = true;
        }
    }

    boolean hasForeground() {
        return devices.values().stream().anyMatch(Device::foreground);
    }

    PresenceSnapshot snapshot() {
        return new PresenceSnapshot(userId, online, lastSeen);
    }

    String userId() {
        return userId;
    }

    boolean online() {
        return online;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    Instant offlineDeadline() {
        return offlineDeadline;
    }

    Device device(String sessionId) {
        return devices.get(sessionId);
    }

    List<Device> devices() {
        return List.copyOf(devices.values());
    }

    boolean dirty() {
        return dirty;
    }

    void written() {
        dirty = false;
    }

    /**
     * Nothing here that the database does not have (sessions are written on change, last seen is clean) and no grace
     * pending, so {@link #restored} would rebuild the same state: it may leave memory.
     */
    boolean idleSince(Instant cutoff) {
        return !dirty && offlineDeadline == null && touchedAt.isBefore(cutoff);
    }

    void touched(Instant now) {
        touchedAt = now;
    }

    boolean evicted() {
        return evicted;
    }

    void evict() {
        evicted = true;
    }
}

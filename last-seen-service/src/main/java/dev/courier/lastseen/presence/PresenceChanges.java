package dev.courier.lastseen.presence;

/** Told of every announced online/offline change, in order per user, before the causing event is acknowledged. */
public interface PresenceChanges {

    void changed(PresenceSnapshot presence);
}

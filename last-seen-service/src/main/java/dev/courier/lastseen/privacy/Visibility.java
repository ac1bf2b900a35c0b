package dev.courier.lastseen.privacy;

import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.presence.PresenceSnapshot;

/**
 * What viewer V may see of target T. Pure: the settings and the contact relation are given.
 * <ul>
 *   <li>Last seen: T's setting must allow V ({@code everyone}; {@code contacts} and V is T's contact; never under
 *       {@code nobody}), and, reciprocity as WhatsApp does it, V's own setting must allow T the same way (T is V's
 *       contact): who hides their last seen from someone cannot see theirs.</li>
 *   <li>Online: T's setting must allow V, as for last seen ("same as last seen"), without reciprocity.</li>
 *   <li>A user always sees all of its own.</li>
 * </ul>
 * Contacts are chosen, so not symmetric: V is T's contact once T wrote to V (see {@code Contacts}); V writing to T
 * makes T V's contact, never V T's.
 *
 * @param online   whether V may see when T is online (and so be told when T goes online or offline)
 * @param lastSeen whether V may see T's last seen
 */
record Visibility(boolean online, boolean lastSeen) {

    static final Visibility ALL = new Visibility(true, true);
    /** What a viewer the target blocks sees: offline, no last seen. */
    static final Visibility NONE = new Visibility(false, false);

    /**
     * @param viewerIsTargetsContact whether T chose V (T's setting {@code contacts} then allows V)
     * @param targetIsViewersContact whether V chose T (V's own setting {@code contacts} then allows T: reciprocity)
     */
    public static Visibility between(String viewer, String target, LastSeenVisibility targetSetting,
                                     LastSeenVisibility viewerSetting, boolean viewerIsTargetsContact,
                                     boolean targetIsViewersContact) {
        if (viewer.equals(target)) {
            return ALL;
        }
        boolean online = targetSetting.allows(viewerIsTargetsContact);
        return new Visibility(online, online && viewerSetting.allows(targetIsViewersContact));
    }

    /** The {@code presence} frame of the target as the viewer may see it. */
    public PresenceFrame frame(PresenceSnapshot target) {
        Long lastSeenMillis = lastSeen && target.lastSeen() != null ? target.lastSeen().toEpochMilli() : null;
        return new PresenceFrame(target.userId(), online && target.online(), lastSeenMillis);
    }
}

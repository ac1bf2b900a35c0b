package dev.courier.lastseen.privacy;

import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.presence.PresenceSnapshot;

/**
 * What viewer V may see of target T. Pure: the settings and the contact relation are given.
 * <ul>
 *   <li>Last seen: T's setting must allow V ({@code everyone}; {@code contacts} and V is T's contact; never under
 *       {@code nobody}), and, reciprocity as WhatsApp does it, V's own setting must allow T the same way: who
 *       hides their last seen from someone cannot see theirs.</li>
 *   <li>Online: hidden (shown as {@code false}) only when T's setting is {@code nobody}.</li>
 *   <li>A user always sees all of its own.</li>
 * </ul>
 * Contacts are symmetric (a direct conversation makes both users each other's contact).
 *
 * @param online   whether V may see when T is online (and so be told when T goes online or offline)
 * @param lastSeen whether V may see T's last seen
 */
public record Visibility(boolean online, boolean lastSeen) {

    static final Visibility ALL = new Visibility(true, true);

    public static Visibility between(String viewer, String target, LastSeenVisibility targetSetting,
                                     LastSeenVisibility viewerSetting, boolean contacts) {
        if (viewer.equals(target)) {
            return ALL;
        }
        boolean lastSeen = targetSetting.allows(contacts) && viewerSetting.allows(contacts);
        return new Visibility(targetSetting != LastSeenVisibility.NOBODY, lastSeen);
    }

    /** The {@code presence} frame of the target as the viewer may see it. */
    public PresenceFrame frame(PresenceSnapshot target) {
        Long lastSeenMillis = lastSeen && target.lastSeen() != null ? target.lastSeen().toEpochMilli() : null;
        return new PresenceFrame(target.userId(), online && target.online(), lastSeenMillis);
    }
}

package dev.courier.lastseen.privacy;

import dev.courier.contracts.frames.PresenceFrame;
import dev.courier.lastseen.blocking.BlockList;
import dev.courier.lastseen.presence.PresenceSnapshot;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's presence as others may see it: {@link Visibility} applied with the stored settings and contacts. A viewer
 * the target blocks sees it offline with no last seen, is pushed nothing and is answered nothing on a subscription.
 */
@Component
public class PresenceViews {

    private final PrivacySettings settings;
    private final Contacts contacts;
    private final BlockList blocks;

    PresenceViews(PrivacySettings settings, Contacts contacts, BlockList blocks) {
        this.settings = settings;
        this.contacts = contacts;
        this.blocks = blocks;
    }

    /** Whether the target blocks the viewer: a subscription of the viewer to the target then gets no frame at all. */
    public boolean hiddenFrom(String viewer, String target) {
        return !viewer.equals(target) && blocks.blocks(target, viewer);
    }

    /** The target's presence as the viewer may see it (the answer to a look, whatever the settings). */
    public PresenceFrame frameFor(String viewer, PresenceSnapshot target) {
        return visibilities(List.of(viewer), target.userId()).get(viewer).frame(target);
    }

    /**
     * The frame to push to each viewer told of a change of the target. A viewer who may not see the target's
     * online state is left out: a push of a masked frame would still tell it when the target came and went.
     */
    public Map<String, PresenceFrame> pushesFor(Collection<String> viewers, PresenceSnapshot target) {
        Map<String, PresenceFrame> frames = new LinkedHashMap<>();
        visibilities(viewers, target.userId()).forEach((viewer, visibility) -> {
            if (visibility.online()) {
                frames.put(viewer, visibility.frame(target));
            }
        });
        return frames;
    }

    private Map<String, Visibility> visibilities(Collection<String> viewers, String target) {
        List<String> everyone = new ArrayList<>(viewers);
        everyone.add(target);
        Map<String, LastSeenVisibility> settingOf = settings.of(everyone);
        Set<String> contactsOfTarget = contacts.among(target, viewers);
        Set<String> choseTarget = contacts.whoChose(target, viewers);
        Set<String> blocked = blocks.blockedAmong(target, viewers);
        Map<String, Visibility> visibilities = new LinkedHashMap<>();
        for (String viewer : viewers) {
            visibilities.put(viewer, blocked.contains(viewer) ? Visibility.NONE : Visibility.between(viewer, target, settingOf.get(target), settingOf.get(viewer),
                    contactsOfTarget.contains(viewer), choseTarget.contains(viewer)));
        }
        return visibilities;
    }
}

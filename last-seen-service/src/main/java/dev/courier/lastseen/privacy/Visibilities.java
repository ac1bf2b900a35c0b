package dev.courier.lastseen.privacy;

import dev.courier.contracts.api.Visibility;
import dev.courier.lastseen.blocking.BlockList;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of an owner a viewer may see, everything at once ({@link dev.courier.lastseen.privacy.Visibility} for online
 * and last seen, with reciprocity; {@link ProfileVisibility} for photo and about, without): for other services
 * ({@code GET /internal/visibility/{ownerId}}) and for profile pushes to contacts. A viewer the owner blocks sees
 * none of the four, whatever the settings.
 */
@Component
public class Visibilities {

    private static final Visibility NONE = new Visibility(false, false, false, false);

    private final PrivacySettings settings;
    private final Contacts contacts;
    private final BlockList blocks;

    Visibilities(PrivacySettings settings, Contacts contacts, BlockList blocks) {
        this.settings = settings;
        this.contacts = contacts;
        this.blocks = blocks;
    }

    public Visibility between(String ownerId, String viewerId) {
        if (ownerId.equals(viewerId)) {
            return Visibility.ALL;
        }
        if (blocks.blocks(ownerId, viewerId)) {
            return NONE;
        }
        PrivacySettings.Settings owner = settings.all(ownerId);
        boolean contact = !contacts.among(ownerId, List.of(viewerId)).isEmpty();
        boolean chose = !contacts.among(viewerId, List.of(ownerId)).isEmpty();
        return combine(viewerId, ownerId, owner, settings.of(viewerId), contact, chose);
    }

    /** Each contact of the owner (each user the owner chose), with what it may see of the owner. */
    public Map<String, Visibility> ofContacts(String ownerId) {
        List<String> all = contacts.of(ownerId);
        Map<String, Visibility> visibilities = new LinkedHashMap<>();
        if (all.isEmpty()) {
            return visibilities;
        }
        PrivacySettings.Settings owner = settings.all(ownerId);
        Map<String, LastSeenVisibility> lastSeenOf = settings.of(all);
        var choseOwner = contacts.whoChose(ownerId, all);
        var blocked = blocks.blockedAmong(ownerId, all);
        for (String contact : all) {
            visibilities.put(contact, blocked.contains(contact) ? NONE : combine(contact, ownerId, owner, lastSeenOf.get(contact), true,
                    choseOwner.contains(contact)));
        }
        return visibilities;
    }

    /** The caller's own settings, as {@code GET /api/me/privacy} shows them. */
    public dev.courier.contracts.api.PrivacySettings settingsOf(String userId) {
        PrivacySettings.Settings own = settings.all(userId);
        return new dev.courier.contracts.api.PrivacySettings(own.lastSeen().wire(), own.profilePhoto().wire(),
                own.about().wire());
    }

    private static Visibility combine(String viewer, String owner, PrivacySettings.Settings ownerSettings,
                                      LastSeenVisibility viewerLastSeen, boolean contact, boolean chose) {
        var presence = dev.courier.lastseen.privacy.Visibility.between(viewer, owner, ownerSettings.lastSeen(),
                viewerLastSeen, contact, chose);
        var profile = ProfileVisibility.between(viewer, owner, ownerSettings, contact);
        return new Visibility(presence.lastSeen(), presence.online(), profile.profilePhoto(), profile.about());
    }

}

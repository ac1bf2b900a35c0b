package dev.courier.auth.account;

import dev.courier.contracts.api.UserView;
import dev.courier.contracts.api.Visibility;
import dev.courier.support.api.FailClosedVisibility;
import dev.courier.support.api.VisibilityApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Applies the owner's privacy settings to a public lookup: last-seen-service owns them (and the contacts they
 * refer to), so it is asked whether the viewer may see the owner's about and profile photo. Fails closed: when
 * last-seen-service does not answer, both are hidden. Not asked when there is nothing to hide or the viewer is the
 * owner.
 */
@Component
@ImportHttpServices(group = VisibilityApi.SERVICE, types = VisibilityApi.class)
class ProfilePrivacy {

    private final FailClosedVisibility visibility;

    ProfilePrivacy(VisibilityApi lastSeen, MeterRegistry meters) {
        this.visibility = new FailClosedVisibility(lastSeen, meters, "courier.auth.visibility.failures");
    }

    /** The user as {@code viewerId} may see it. */
    UserView asSeenBy(UserView owner, String viewerId) {
        if (owner.userId().equals(viewerId) || owner.about() == null && owner.profilePhoto() == null) {
            return owner;
        }
        Visibility seen = visibility.of(owner.userId(), viewerId);
        return new UserView(owner.userId(), owner.phone(), owner.displayName(), owner.active(),
                seen.about() ? owner.about() : null, seen.profilePhoto() ? owner.profilePhoto() : null);
    }
}

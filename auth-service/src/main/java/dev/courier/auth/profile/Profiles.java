package dev.courier.auth.profile;

import dev.courier.auth.account.Accounts;
import dev.courier.auth.account.ProfileChange;
import dev.courier.auth.account.ProfileField;
import dev.courier.auth.login.AccountEvents;
import dev.courier.contracts.api.MyProfile;
import dev.courier.contracts.events.ProfileChanged;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.util.UUID;

/**
 * The caller's own profile. A change is checked completely (the patch, then that the photo is the caller's own
 * upload), applied in one transaction, and then announced as {@link ProfileChanged} on {@code courier.accounts}
 * (key: user id), like the other account events: after the commit, awaiting the broker's acknowledgement, so the
 * request fails (500) when Kafka does; the patch is idempotent and every successful PATCH publishes the current
 * profile, so the client's retry announces it.
 */
@Service
class Profiles {

    private final Accounts accounts;
    private final MediaOwners media;
    private final AccountEvents events;
    private final Clock clock;
    private final MeterRegistry meters;

    Profiles(Accounts accounts, MediaOwners media, AccountEvents events, Clock clock, MeterRegistry meters) {
        this.accounts = accounts;
        this.media = media;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    MyProfile own(String userId) {
        return accounts.ownProfile(userId).orElseThrow(Profiles::notFound);
    }

    /**
     * @throws IllegalArgumentException 400: the photo is not a media the caller uploaded
     * @throws ResponseStatusException  409 email taken; 404 account gone; 503 media-service did not answer
     */
    MyProfile change(String userId, ProfileChange change) {
        String photo = change.get(ProfileField.PROFILE_PHOTO);
        if (photo != null && !media.uploaderOf(photo).filter(userId::equals).isPresent()) {
            meters.counter("courier.auth.profile.changes", "outcome", "foreign_photo").increment();
            throw new IllegalArgumentException("profilePhoto must be the id of an image you uploaded");
        }
        MyProfile profile = accounts.changeProfile(userId, change);
        events.publish(userId, new ProfileChanged(UUID.randomUUID(), clock.instant(), userId, profile.displayName(),
                profile.about(), profile.profilePhoto()));
        meters.counter("courier.auth.profile.changes", "outcome", "changed").increment();
        return profile;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user");
    }
}

package dev.courier.auth.profile;

import dev.courier.contracts.api.MediaInfo;
import dev.courier.support.api.MediaApi;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

import java.util.Optional;

/**
 * Who uploaded a media, from media-service ({@link MediaApi#media}): a profile photo must be the user's own upload. A
 * media-service that does not answer makes the change fail with 503 ({@code DependencyUnavailableException}): it is
 * neither accepted nor refused as bad input.
 */
@Component
@ImportHttpServices(group = MediaApi.SERVICE, types = MediaApi.class)
class MediaOwners {

    private final MediaApi media;

    MediaOwners(MediaApi media) {
        this.media = media;
    }

    /** The uploader, or empty if media-service does not know the media. */
    Optional<String> uploaderOf(String mediaId) {
        return media.media(mediaId).map(MediaInfo::uploaderId);
    }
}

package dev.courier.auth.profile;

import dev.courier.auth.AuthProperties;
import dev.courier.contracts.api.MediaInfo;
import dev.courier.support.security.ServiceToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

import java.net.http.HttpClient;
import java.util.Optional;

/**
 * Who uploaded a media, from media-service ({@code GET /internal/media/{mediaId}}): a profile photo must be the
 * user's own upload. A media-service that does not answer makes the change fail with 503 (it is neither accepted
 * nor refused as bad input).
 */
@Component
class MediaOwners {

    private final RestClient media;

    MediaOwners(AuthProperties properties, ServiceToken serviceToken) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.media = RestClient.builder().baseUrl(properties.mediaUrl().toString()).requestFactory(requests)
                .requestInterceptor(serviceToken).build();
    }

    /** The uploader, or empty if media-service does not know the media. */
    Optional<String> uploaderOf(String mediaId) {
        try {
            return media.get().uri("/internal/media/{mediaId}", mediaId).exchange((request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                    return Optional.<String>empty();
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new IllegalStateException("media-service answered " + response.getStatusCode());
                }
                MediaInfo info = response.bodyTo(MediaInfo.class);
                return Optional.ofNullable(info == null ? null : info.uploaderId());
            });
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Cannot check the profile photo now; try again", e);
        }
    }
}

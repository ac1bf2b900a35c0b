package dev.courier.media.library;

import dev.courier.contracts.api.Visibility;
import dev.courier.support.security.ServiceToken;
import dev.courier.media.MediaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;

/**
 * Whether a viewer may see a user's profile photo, from last-seen-service (which owns privacy settings and
 * contacts): {@code GET /internal/visibility/{ownerId}?viewer=}. Fails closed: no answer (down, error, timeout) is
 * a no.
 */
@Component
class PhotoVisibility {

    private static final Logger log = LoggerFactory.getLogger(PhotoVisibility.class);

    private final RestClient lastSeen;
    private final MeterRegistry meters;

    PhotoVisibility(MediaProperties properties, MeterRegistry meters, ServiceToken serviceToken) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.lastSeen = RestClient.builder().baseUrl(properties.lastSeenUrl().toString()).requestFactory(requests)
                .requestInterceptor(serviceToken)
                .build();
        this.meters = meters;
    }

    boolean maySee(String ownerId, String viewerId) {
        try {
            Visibility visibility = lastSeen.get()
                    .uri("/internal/visibility/{ownerId}?viewer={viewerId}", ownerId, viewerId)
                    .retrieve()
                    .body(Visibility.class);
            return visibility != null && visibility.profilePhoto();
        } catch (RuntimeException e) {
            meters.counter("courier.media.visibility.failures").increment();
            log.warn("Cannot tell whether {} may see the profile photo of {}, refused: {}", viewerId, ownerId,
                    e.toString());
            return false;
        }
    }
}

package dev.courier.auth.account;

import dev.courier.auth.AuthProperties;
import dev.courier.contracts.api.UserView;
import dev.courier.contracts.api.Visibility;
import dev.courier.support.security.ServiceToken;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;

/**
 * Applies the owner's privacy settings to a public lookup: last-seen-service owns them (and the contacts they
 * refer to), so it is asked ({@code GET /internal/visibility/{ownerId}?viewer=}) whether the viewer may see the
 * owner's about and profile photo. Fails closed: when last-seen-service does not answer (down, error, timeout),
 * both are hidden. Not asked when there is nothing to hide or the viewer is the owner.
 */
@Component
class ProfilePrivacy {

    private static final Logger log = LoggerFactory.getLogger(ProfilePrivacy.class);
    private static final Visibility NOTHING = new Visibility(false, false, false, false);

    private final RestClient lastSeen;
    private final MeterRegistry meters;

    ProfilePrivacy(AuthProperties properties, MeterRegistry meters, ServiceToken serviceToken) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.lastSeen = RestClient.builder().baseUrl(properties.lastSeenUrl().toString()).requestFactory(requests)
                .requestInterceptor(serviceToken)
                .build();
        this.meters = meters;
    }

    /** The user as {@code viewerId} may see it. */
    UserView asSeenBy(UserView owner, String viewerId) {
        if (owner.userId().equals(viewerId) || owner.about() == null && owner.profilePhoto() == null) {
            return owner;
        }
        Visibility visibility = visibility(owner.userId(), viewerId);
        return new UserView(owner.userId(), owner.phone(), owner.displayName(), owner.active(),
                visibility.about() ? owner.about() : null, visibility.profilePhoto() ? owner.profilePhoto() : null);
    }

    private Visibility visibility(String ownerId, String viewerId) {
        try {
            Visibility visibility = lastSeen.get()
                    .uri("/internal/visibility/{ownerId}?viewer={viewerId}", ownerId, viewerId)
                    .retrieve()
                    .body(Visibility.class);
            return visibility == null ? NOTHING : visibility;
        } catch (RuntimeException e) {
            meters.counter("courier.auth.visibility.failures").increment();
            log.warn("Visibility of user {} to {} unknown, about and photo hidden: {}", ownerId, viewerId,
                    e.toString());
            return NOTHING;
        }
    }
}

package dev.courier.support.api;

import dev.courier.contracts.api.Visibility;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;

import java.util.Optional;

/**
 * last-seen-service's privacy answer (it owns the privacy settings and the contacts they refer to), for auth-service
 * (about and profile photo in a public lookup) and media-service (who may fetch a profile photo). Base URL:
 * {@code spring.http.serviceclient.last-seen-service.base-url}.
 */
public interface VisibilityApi {

    String SERVICE = "last-seen-service";

    /** What of {@code ownerId} the viewer may see; empty only if last-seen-service answered 404. */
    @GetExchange("/internal/visibility/{ownerId}")
    Optional<Visibility> visibility(@PathVariable String ownerId, @RequestParam String viewer);
}

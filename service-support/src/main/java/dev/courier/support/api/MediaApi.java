package dev.courier.support.api;

import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.MediaInfo;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;

import java.util.Optional;

/**
 * media-service's internal calls: who uploaded a media (auth-service checks a profile photo) and the grant that lets
 * an image's recipients fetch it (session-service, before it authorises the send). Base URL:
 * {@code spring.http.serviceclient.media-service.base-url}.
 */
public interface MediaApi {

    String SERVICE = "media-service";

    /** The media's uploader and type; empty when media-service does not know it. */
    @GetExchange("/internal/media/{mediaId}")
    Optional<MediaInfo> media(@PathVariable String mediaId);

    /**
     * Lets the sender and {@code userIds} fetch the media. Idempotent. The status is the answer: 204 granted, 404
     * unknown media, 403 the sender is not the uploader.
     */
    @PostExchange("/internal/media/{mediaId}/grants")
    ResponseEntity<Void> grant(@PathVariable String mediaId, @RequestBody MediaGrantRequest request);
}

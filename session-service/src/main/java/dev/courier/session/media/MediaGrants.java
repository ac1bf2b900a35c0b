package dev.courier.session.media;

import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.support.api.MediaApi;
import dev.courier.support.kafka.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.service.registry.ImportHttpServices;

import java.util.List;

/**
 * Lets the recipients of an image fetch it, before its send is authorised (so a recipient never fetches too early):
 * {@link MediaApi#grant}. 204 granted, 404 unknown media, 403 the sender is not its uploader. Anything else
 * (media-service down, a 5xx, a timeout, another status) throws {@code DependencyUnavailableException}: the command
 * is retried, then dead-lettered, never refused for it.
 */
@Component
@ImportHttpServices(group = MediaApi.SERVICE, types = MediaApi.class)
public class MediaGrants {

    /** What media-service answered. */
    public enum Outcome { GRANTED, UNKNOWN_MEDIA, NOT_UPLOADER }

    private final MediaApi media;
    private final MeterRegistry meters;

    MediaGrants(MediaApi media, MeterRegistry meters) {
        this.media = media;
        this.meters = meters;
    }

    public Outcome grant(String mediaId, String senderId, List<String> userIds) {
        Timer.Sample sample = Timer.start(meters);
        Outcome outcome;
        try {
            outcome = outcome(mediaId, media.grant(mediaId, new MediaGrantRequest(senderId, userIds)).getStatusCode());
        } catch (RuntimeException e) {
            sample.stop(timer("failed"));
            throw e;
        }
        sample.stop(timer(outcome.name().toLowerCase()));
        return outcome;
    }

    private static Outcome outcome(String mediaId, HttpStatusCode status) {
        if (status.is2xxSuccessful()) {
            return Outcome.GRANTED;
        }
        if (status.isSameCodeAs(HttpStatus.NOT_FOUND)) {
            return Outcome.UNKNOWN_MEDIA;
        }
        if (status.isSameCodeAs(HttpStatus.FORBIDDEN)) {
            return Outcome.NOT_UPLOADER;
        }
        throw new DependencyUnavailableException("Granting media " + mediaId + " answered "
                + status, null);
    }

    private Timer timer(String outcome) {
        return meters.timer("courier.session.media.grants", "outcome", outcome);
    }
}

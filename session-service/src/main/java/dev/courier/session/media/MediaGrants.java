package dev.courier.session.media;

import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.session.SessionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.util.List;

/**
 * Lets the recipients of an image fetch it, before its send is authorised (so a recipient never fetches too early):
 * media-service's {@code POST /internal/media/{mediaId}/grants}. 204 granted, 404 unknown media, 403 the sender is
 * not its uploader. Anything else (media-service down, a 5xx, a timeout) throws {@link MediaGrantFailedException}:
 * the command is retried, then dead-lettered, never refused for it.
 */
@Component
public class MediaGrants {

    /** What media-service answered. */
    public enum Outcome { GRANTED, UNKNOWN_MEDIA, NOT_UPLOADER }

    private final RestClient media;
    private final MeterRegistry meters;

    MediaGrants(RestClient.Builder builder, SessionProperties properties, MeterRegistry meters) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.lookupTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.lookupTimeout());
        this.media = builder.baseUrl(properties.mediaUrl().toString()).requestFactory(requests).build();
        this.meters = meters;
    }

    public Outcome grant(String mediaId, String senderId, List<String> userIds) {
        Timer.Sample sample = Timer.start(meters);
        Outcome outcome;
        try {
            outcome = media.post().uri("/internal/media/{mediaId}/grants", mediaId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new MediaGrantRequest(senderId, userIds))
                    .exchange((request, response) -> {
                        if (response.getStatusCode().is2xxSuccessful()) {
                            return Outcome.GRANTED;
                        }
                        if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                            return Outcome.UNKNOWN_MEDIA;
                        }
                        if (response.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
                            return Outcome.NOT_UPLOADER;
                        }
                        throw new MediaGrantFailedException("Granting media " + mediaId + " answered "
                                + response.getStatusCode(), null);
                    });
        } catch (RuntimeException e) {
            sample.stop(timer("failed"));
            throw e instanceof MediaGrantFailedException failed ? failed
                    : new MediaGrantFailedException("Granting media " + mediaId + " failed: " + e.getMessage(), e);
        }
        sample.stop(timer(outcome.name().toLowerCase()));
        return outcome;
    }

    private Timer timer(String outcome) {
        return meters.timer("courier.session.media.grants", "outcome", outcome);
    }
}

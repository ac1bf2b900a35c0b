package dev.courier.message.media;

import dev.courier.contracts.events.CourierEvent;
import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells media-service that no stored message refers to a media any more ({@link MediaReleased} on
 * {@link Topics#MEDIA}, keyed by media id), after messages were deleted (disappearing, or past their time to live).
 * Called in the deleting transaction, after the deletes: a media still named by another row ({@code media_id}
 * index) is kept. The sends are awaited before the caller commits, so a deletion never commits without its
 * releases; a rollback may release a media twice, which media-service takes as one.
 */
@Component
public class MediaReleases {

    private static final Logger log = LoggerFactory.getLogger(MediaReleases.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, CourierEvent> kafka;
    private final Clock clock;

    MediaReleases(JdbcClient jdbc, KafkaTemplate<String, CourierEvent> kafka, Clock clock) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.clock = clock;
    }

    /** A deleted message that referred to {@code mediaId}; {@code messageId} is its client id. */
    public record Deleted(String mediaId, String messageId) {
    }

    /** Publishes {@code MediaReleased} for each media of {@code deleted} that no remaining message names. */
    public int release(List<Deleted> deleted) {
        Map<String, String> lastMessage = new LinkedHashMap<>();
        deleted.stream().filter(d -> d.mediaId() != null).forEach(d -> lastMessage.put(d.mediaId(), d.messageId()));
        if (lastMessage.isEmpty()) {
            return 0;
        }
        Set<String> stillUsed = new HashSet<>(jdbc.sql("select distinct media_id from message where media_id in (:ids)")
                .param("ids", lastMessage.keySet())
                .query(String.class)
                .list());
        List<CompletableFuture<?>> sends = new ArrayList<>();
        lastMessage.forEach((mediaId, messageId) -> {
            if (!stillUsed.contains(mediaId)) {
                sends.add(kafka.send(Topics.MEDIA, mediaId,
                        new MediaReleased(UUID.randomUUID(), clock.instant(), mediaId, messageId)));
                log.info("released media {}: its last message {} was deleted", mediaId, messageId);
            }
        });
        await(sends);
        return sends.size();
    }

    private static void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while releasing media", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish to " + Topics.MEDIA, e);
        }
    }
}

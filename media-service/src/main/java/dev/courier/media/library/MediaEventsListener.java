package dev.courier.media.library;

import dev.courier.contracts.events.MediaReleased;
import dev.courier.contracts.events.ProfileChanged;
import dev.courier.contracts.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code courier.accounts} ({@link ProfileChanged}: the current profile photos; other account events are ignored)
 * and {@code courier.media} ({@link MediaReleased}: delete media no message refers to). One consumer thread takes
 * both, so a photo change and a release are never handled at once. Each handler returns once its effect is
 * committed (the offset is committed after), and each is idempotent: a replay changes nothing more.
 */
@Component
@KafkaListener(id = "media-events", idIsGroup = false, topics = {Topics.ACCOUNTS, Topics.MEDIA})
class MediaEventsListener {

    private static final Logger log = LoggerFactory.getLogger(MediaEventsListener.class);

    private final ProfilePhotos photos;
    private final MediaReleaser releaser;
    private final TransactionTemplate transactions;

    MediaEventsListener(ProfilePhotos photos, MediaReleaser releaser, TransactionTemplate transactions) {
        this.photos = photos;
        this.releaser = releaser;
        this.transactions = transactions;
    }

    @KafkaHandler
    void profileChanged(ProfileChanged change) {
        UUID photo = parse(change.profilePhoto());
        Optional<MediaReleaser.Blobs> deleted = transactions.execute(status ->
                photos.change(change.userId(), photo, change.at()).flatMap(releaser::noLongerProfilePhoto));
        releaser.finish(deleted);
        log.info("Profile change {}: user {} has profile photo {}", change.eventId(), change.userId(), photo);
    }

    @KafkaHandler
    void released(MediaReleased released) {
        releaser.released(released.mediaId(), released.lastMessageId());
    }

    @KafkaHandler(isDefault = true)
    void other(Object event) {
        log.debug("ignoring {}", event.getClass().getSimpleName());
    }

    /** A photo id that is not a media id (never accepted by auth-service) counts as no photo. */
    private static UUID parse(String mediaId) {
        if (mediaId == null) {
            return null;
        }
        try {
            return UUID.fromString(mediaId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

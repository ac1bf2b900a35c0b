package dev.courier.media.library;

import dev.courier.contracts.api.MediaInfo;
import dev.courier.contracts.api.MediaUploaded;
import dev.courier.media.inspect.ImageInspector;
import dev.courier.media.inspect.InspectedImage;
import dev.courier.media.inspect.RefusedUploadException;
import dev.courier.media.storage.BlobStore;
import dev.courier.support.api.FailClosedVisibility;
import dev.courier.support.api.VisibilityApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.service.registry.ImportHttpServices;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Uploads, fetches and grants. An upload is inspected completely before anything is written; then the blobs (the
 * original and the thumbnail, each by its SHA-256, once) and last the row. A failure between the blobs and the row
 * leaves an unreferenced blob, harmless: the same bytes uploaded again reuse it. Blobs and row are written under the
 * blobs' locks ({@link BlobLocks}), which the orphan sweep takes before it deletes a blob.
 */
@Service
@ImportHttpServices(group = VisibilityApi.SERVICE, types = VisibilityApi.class)
class MediaLibrary {

    private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);
    private static final String THUMBNAIL_TYPE = "image/jpeg";

    private final MediaRepository media;
    private final BlobStore blobs;
    private final ImageInspector inspector;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BlobLocks locks;
    private final ProfilePhotos photos;
    private final FailClosedVisibility photoVisibility;
    private final Clock clock;
    private final MeterRegistry meters;

    MediaLibrary(MediaRepository media, BlobStore blobs, ImageInspector inspector, JdbcTemplate jdbc,
                 TransactionTemplate transactions, BlobLocks locks, ProfilePhotos photos,
                 VisibilityApi lastSeen, Clock clock, MeterRegistry meters) {
        this.photos = photos;
        this.photoVisibility = new FailClosedVisibility(lastSeen, meters, "courier.media.visibility.failures");
        this.media = media;
        this.blobs = blobs;
        this.inspector = inspector;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.locks = locks;
        this.clock = clock;
        this.meters = meters;
    }

    MediaUploaded upload(String uploaderId, byte[] uploaded) {
        InspectedImage image;
        try {
            image = inspector.inspect(uploaded);
        } catch (RefusedUploadException e) {
            refused(uploaderId, uploaded.length, e);
            throw e;
        }
        // What is kept is the re-encoded image, never the upload's own bytes (no metadata, nothing after its end).
        byte[] bytes = image.bytes();
        String sha256 = sha256(bytes);
        String thumbnailSha256 = sha256(image.thumbnail());
        String contentType = image.type().contentType();
        // Under the blobs' locks until the row is committed: the orphan sweep cannot delete a reused blob meanwhile.
        boolean[] known = new boolean[1];
        Media row = transactions.execute(status -> {
            locks.lock(sha256, thumbnailSha256);
            known[0] = blobs.exists(sha256);
            blobs.put(sha256, bytes, contentType);
            blobs.put(thumbnailSha256, image.thumbnail(), THUMBNAIL_TYPE);
            return media.save(new Media(UUID.randomUUID(), sha256, uploaderId, contentType, bytes.length,
                    image.width(), image.height(), thumbnailSha256, clock.instant()));
        });
        log.info("Media {} uploaded by {}: {} {}x{}, {} bytes, blob {}{}", row.id(), uploaderId, contentType,
                image.width(), image.height(), bytes.length, sha256, known[0] ? " (already stored)" : "");
        meters.counter("courier.media.uploads", "outcome", known[0] ? "deduplicated" : "stored").increment();
        meters.summary("courier.media.upload.size").record(bytes.length);
        return new MediaUploaded(row.id().toString(), contentType, bytes.length, image.width(), image.height(),
                sha256);
    }

    void refused(String uploaderId, long size, RefusedUploadException e) {
        log.info("Upload of {} bytes by {} refused ({}): {}", size, uploaderId, e.getStatusCode().value(),
                e.getReason());
        meters.counter("courier.media.uploads", "outcome", e.why().tag()).increment();
    }

    /**
     * The original or the thumbnail, for the uploader, a granted user, or, when the media is someone's current
     * profile photo, whoever last-seen-service says may see that user's photo: else 403; an unknown id is 404.
     */
    Served fetch(String mediaId, String userId, Variant variant) {
        Media found = find(mediaId);
        if (!found.uploaderId().equals(userId) && !media.isGranted(found.id(), userId)
                && !maySeeAsProfilePhoto(found.id(), userId)) {
            count(variant, "forbidden");
            log.info("Media {} ({}) refused to {}: neither uploader nor granted nor a profile photo it may see",
                    mediaId, variant.tag(), userId);
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Not shared with you");
        }
        String sha256 = variant == Variant.ORIGINAL ? found.sha256() : found.thumbnailSha256();
        String contentType = variant == Variant.ORIGINAL ? found.contentType() : THUMBNAIL_TYPE;
        Resource blob = blobs.open(sha256).orElseThrow(() -> new IllegalStateException(
                "Blob " + sha256 + " of media " + mediaId + " is missing from the store"));
        count(variant, "served");
        return new Served(blob, contentType, sha256);
    }

    /**
     * session-service's grant, before it authorises a send carrying the media: the sender must be the uploader (else
     * 403); the sender and every recipient may fetch it from now on. Idempotent.
     */
    @Transactional
    void grant(String mediaId, String senderId, List<String> userIds) {
        Media found = find(mediaId);
        if (!found.uploaderId().equals(senderId)) {
            meters.counter("courier.media.grants", "outcome", "forbidden").increment();
            log.info("Grant of media {} by {} refused: not the uploader", mediaId, senderId);
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the uploader may share this media");
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(senderId);
        users.addAll(userIds);
        try {
            jdbc.batchUpdate("insert into media_grant (media_id, user_id) values (?, ?) on conflict do nothing",
                    users.stream().map(user -> new Object[] {found.id(), user}).toList());
        } catch (DataIntegrityViolationException e) {
            // The orphan sweep deleted it meanwhile.
            throw noSuchMedia();
        }
        meters.counter("courier.media.grants", "outcome", "granted").increment();
        log.debug("Media {} granted by {} to {} user(s)", mediaId, senderId, users.size());
    }

    /** Who uploaded the media (for {@code GET /internal/media/{mediaId}}); 404 if unknown. */
    MediaInfo describe(String mediaId) {
        Media found = find(mediaId);
        return new MediaInfo(found.id().toString(), found.uploaderId(), found.contentType());
    }

    private boolean maySeeAsProfilePhoto(UUID mediaId, String viewerId) {
        return photos.ownerOf(mediaId).filter(owner -> photoVisibility.of(owner, viewerId).profilePhoto()).isPresent();
    }

    private Media find(String mediaId) {
        UUID id;
        try {
            id = UUID.fromString(mediaId);
        } catch (IllegalArgumentException e) {
            throw noSuchMedia();
        }
        return media.findById(id).orElseThrow(MediaLibrary::noSuchMedia);
    }

    private void count(Variant variant, String outcome) {
        meters.counter("courier.media.fetches", "variant", variant.tag(), "outcome", outcome).increment();
    }

    private static ResponseStatusException noSuchMedia() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such media");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    enum Variant {
        ORIGINAL, THUMBNAIL;

        String tag() {
            return name().toLowerCase();
        }
    }

    /** A blob to serve: its bytes, its type and its hash (the ETag). */
    record Served(Resource blob, String contentType, String sha256) {
    }
}

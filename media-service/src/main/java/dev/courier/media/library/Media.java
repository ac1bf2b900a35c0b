package dev.courier.media.library;

import dev.courier.support.jpa.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One upload: who, which blob (by hash), what it is, and its thumbnail's blob. */
@Entity
@Table(name = "media")
class Media extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "uploader_id", nullable = false, length = 64)
    private String uploaderId;

    @Column(name = "content_type", nullable = false, length = 32)
    private String contentType;

    @Column(nullable = false)
    private long size;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int height;

    @Column(name = "thumbnail_sha256", nullable = false, length = 64)
    private String thumbnailSha256;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Media() {
    }

    Media(UUID id, String sha256, String uploaderId, String contentType, long size, int width, int height,
          String thumbnailSha256, Instant createdAt) {
        this.id = id;
        this.sha256 = sha256;
        this.uploaderId = uploaderId;
        this.contentType = contentType;
        this.size = size;
        this.width = width;
        this.height = height;
        this.thumbnailSha256 = thumbnailSha256;
        this.createdAt = createdAt;
    }

    UUID id() {
        return id;
    }

    String sha256() {
        return sha256;
    }

    String uploaderId() {
        return uploaderId;
    }

    String contentType() {
        return contentType;
    }

    long size() {
        return size;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    String thumbnailSha256() {
        return thumbnailSha256;
    }

    @Override
    public UUID getId() {
        return id;
    }
}

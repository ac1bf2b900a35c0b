package dev.courier.media.library;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.UUID;

interface MediaRepository extends JpaRepository<Media, UUID> {

    @Query(value = "select exists (select 1 from media_grant where media_id = :mediaId and user_id = :userId)",
            nativeQuery = true)
    boolean isGranted(@Param("mediaId") UUID mediaId, @Param("userId") String userId);
}

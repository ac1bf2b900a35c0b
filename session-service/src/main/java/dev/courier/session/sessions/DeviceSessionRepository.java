package dev.courier.session.sessions;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Sessions keyed by session id. Both writes are upserts, so replays are harmless and the two events may come in
 * either order: a close is never undone by an open that is processed after it.
 */
interface DeviceSessionRepository extends JpaRepository<DeviceSessionRecord, String> {

    @Modifying
    @Query(nativeQuery = true, value = """
            insert into device_session (session_id, user_id, device_id, gateway_id, background, opened_at)
            values (:sessionId, :userId, :deviceId, :gatewayId, :background, :openedAt)
            on conflict (session_id) do update set opened_at = excluded.opened_at, background = excluded.background
            where device_session.opened_at is null""")
    int recordOpened(String sessionId, String userId, String deviceId, String gatewayId, boolean background,
                     Instant openedAt);

    @Modifying
    @Query(nativeQuery = true, value = """
            insert into device_session (session_id, user_id, device_id, gateway_id, background, closed_at)
            values (:sessionId, :userId, :deviceId, :gatewayId, false, :closedAt)
            on conflict (session_id) do update set closed_at = excluded.closed_at
            where device_session.closed_at is null""")
    int recordClosed(String sessionId, String userId, String deviceId, String gatewayId, Instant closedAt);

    boolean existsBySessionIdAndClosedAtIsNotNull(String sessionId);

    List<DeviceSessionRecord> findByUserIdAndClosedAtIsNullAndOpenedAtIsNotNullOrderByOpenedAt(String userId);

    List<DeviceSessionRecord> findByUserIdInAndClosedAtIsNullAndOpenedAtIsNotNullOrderByOpenedAt(
            Collection<String> userIds);
}

package dev.courier.message.routing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.message.store.MessageRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.List;

/**
 * Frames a user must get even if no device of it is connected now (receipts for its messages, the {@code expired}
 * error): routed to every online device at once, otherwise kept in {@code pending_notice} until the user next
 * connects. Callers decide and store within the transaction that made the change the frame reports, so a change
 * is never committed without its notice.
 */
@Component
public class PendingNotices {

    private static final Logger log = LoggerFactory.getLogger(PendingNotices.class);

    private final JdbcClient jdbc;
    private final DeviceSessions sessions;
    private final FrameRouter router;
    private final Clock clock;

    PendingNotices(JdbcClient jdbc, DeviceSessions sessions, FrameRouter router, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.router = router;
        this.clock = clock;
    }

    /** Adds each frame for each online device of {@code userId} to {@code batch}, or keeps them for later. */
    public void tell(String userId, List<? extends ServerFrame> frames, FrameRouter.Batch batch) {
        List<DeviceSession> devices = sessions.of(userId);
        for (ServerFrame frame : frames) {
            if (devices.isEmpty()) {
                keep(userId, frame);
            } else {
                devices.forEach(device -> batch.route(device, frame));
            }
        }
    }

    void keep(String userId, ServerFrame frame) {
        jdbc.sql("insert into pending_notice (user_id, frame, created_at) values (:userId, :frame, :createdAt)")
                .param("userId", userId)
                .param("frame", MessageRows.frameJson(frame))
                .param("createdAt", MessageRows.timestamp(clock.instant()))
                .update();
    }

    /**
     * Routes every notice kept for the user of {@code session} to it, oldest first, and deletes them once the
     * broker has them. Rows are locked so that two flushes for the same user (two devices connecting) do not
     * both send them.
     */
    @Transactional
    public int flush(DeviceSession session) {
        record Notice(long id, String frame) {
        }
        List<Notice> notices = jdbc.sql("""
                        select id, frame from pending_notice where user_id = :userId
                        order by id for update skip locked""")
                .param("userId", session.userId())
                .query(Notice.class)
                .list();
        if (notices.isEmpty()) {
            return 0;
        }
        FrameRouter.Batch batch = router.batch();
        notices.forEach(notice -> batch.route(session, MessageRows.frame(notice.frame())));
        batch.await();
        jdbc.sql("delete from pending_notice where id in (:ids)")
                .param("ids", notices.stream().map(Notice::id).toList())
                .update();
        log.info("flushed {} pending notices to user {} session {}", notices.size(), session.userId(),
                session.sessionId());
        return notices.size();
    }
}

package dev.courier.message.routing;

import dev.courier.contracts.events.DeviceSession;
import dev.courier.contracts.frames.ServerFrame;
import dev.courier.message.store.MessageRows;
import dev.courier.message.store.SqlArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Frames a user must get even if no device of it is connected now (receipts for its messages, the {@code expired}
 * error): routed to every connected device at once, otherwise kept in {@code pending_notice} until the user next
 * connects. Callers decide and keep them within the transaction that made the change the frame reports, so a change
 * is never committed without its notice; the routed ones go out once it committed.
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

    /** A frame for a user, and its place in the unit of work (see {@link FrameRouter.Batch#at}). */
    public record Notice(int position, String userId, ServerFrame frame) {
    }

    /** Adds each frame for each connected device of {@code userId} to {@code batch}, or keeps them for later. */
    public void tell(String userId, List<? extends ServerFrame> frames, FrameRouter.Batch batch) {
        tellAll(frames.stream().map(frame -> new Notice(0, userId, frame)).toList(), batch);
    }

    /**
     * Routes every notice to its user's connected devices, in order, or keeps it: one query for the devices of all
     * the users, one insert for every notice kept.
     */
    public void tellAll(List<Notice> notices, FrameRouter.Batch batch) {
        if (notices.isEmpty()) {
            return;
        }
        Map<String, List<DeviceSession>> devices = sessions.of(notices.stream().map(Notice::userId).distinct()
                .toList());
        List<Notice> kept = new ArrayList<>();
        for (Notice notice : notices) {
            List<DeviceSession> connected = devices.get(notice.userId());
            if (connected == null) {
                kept.add(notice);
            } else {
                batch.at(notice.position());
                connected.forEach(device -> batch.route(device, notice.frame()));
            }
        }
        keep(kept);
    }

    private void keep(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        // Inserted in the order given: the flush on connect sends them in id order.
        jdbc.sql("""
                        insert into pending_notice (user_id, frame, created_at)
                        select n.user_id, n.frame, :createdAt
                        from unnest(:users::text[], :frames::text[]) with ordinality as n(user_id, frame, ord)
                        order by n.ord""")
                .param("users", SqlArrays.texts(notices, Notice::userId))
                .param("frames", SqlArrays.texts(notices, notice -> MessageRows.frameJson(notice.frame())))
                .param("createdAt", MessageRows.timestamp(clock.instant()))
                .update();
    }

    /**
     * Routes every notice kept for the user of {@code session} to it, oldest first, and deletes them once the broker
     * has them (no transaction waits for the broker: a crash in between sends them again on the next connect). Two
     * devices of the user connecting at once may both get them, each in order: at least once, never out of order.
     */
    public int flush(DeviceSession session) {
        record Notice(long id, String frame) {
        }
        List<Notice> notices = jdbc.sql("select id, frame from pending_notice where user_id = :userId order by id")
                .param("userId", session.userId())
                .query(Notice.class)
                .list();
        if (notices.isEmpty()) {
            return 0;
        }
        FrameRouter.Batch batch = router.batch();
        notices.forEach(notice -> batch.route(session, MessageRows.frame(notice.frame())));
        batch.await();
        jdbc.sql("delete from pending_notice where id = any(:ids)")
                .param("ids", notices.stream().map(Notice::id).toArray(Long[]::new))
                .update();
        log.info("flushed {} pending notices to user {} session {}", notices.size(), session.userId(),
                session.sessionId());
        return notices.size();
    }
}

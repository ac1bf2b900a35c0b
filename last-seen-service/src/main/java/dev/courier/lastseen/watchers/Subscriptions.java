package dev.courier.lastseen.watchers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code presence_subscription}: who watches whom. {@code subscribe_presence} adds to the subscriber's list (it
 * never replaces it), up to a cap. A subscriber's commands share its partition, so one thread adds for it.
 */
@Repository
class Subscriptions {

    private final JdbcClient jdbc;
    private final Clock clock;

    Subscriptions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Adds the subscription; false when the subscriber already watches {@code max} others (and not this one). */
    boolean add(String subscriberId, String watchedId, int max) {
        int inserted = jdbc.sql("""
                        insert into presence_subscription (subscriber_id, watched_id, created_at)
                        select :subscriberId, :watchedId, :now
                        where (select count(*) from presence_subscription where subscriber_id = :subscriberId) < :max
                        on conflict do nothing""")
                .param("subscriberId", subscriberId)
                .param("watchedId", watchedId)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("max", max)
                .update();
        return inserted == 1 || watches(subscriberId, watchedId);
    }

    List<String> subscribersOf(String watchedId) {
        return jdbc.sql("select subscriber_id from presence_subscription where watched_id = :watchedId")
                .param("watchedId", watchedId)
                .query(String.class)
                .list();
    }

    private boolean watches(String subscriberId, String watchedId) {
        return jdbc.sql("""
                        select count(*) from presence_subscription
                        where subscriber_id = :subscriberId and watched_id = :watchedId""")
                .param("subscriberId", subscriberId)
                .param("watchedId", watchedId)
                .query(Long.class)
                .single() > 0;
    }
}

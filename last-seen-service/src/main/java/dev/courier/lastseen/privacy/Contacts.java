package dev.courier.lastseen.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code contact}: users with a direct conversation, in both directions (learnt from {@code SendAuthorized}).
 * Rows are only added: a conversation, once there, stays.
 */
@Repository
class Contacts {

    private final JdbcClient jdbc;

    Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records several pairs in one batch; pairs already there change nothing. */
    void addAll(Collection<ContactPair> pairs) {
        jdbc.sql("""
                        insert into contact (user_id, contact_id)
                        select a, b from unnest(array[:firsts]::text[], array[:seconds]::text[]) as p(a, b)
                        union all
                        select b, a from unnest(array[:firsts]::text[], array[:seconds]::text[]) as p(a, b)
                        on conflict do nothing""")
                .param("firsts", pairs.stream().map(ContactPair::first).toList())
                .param("seconds", pairs.stream().map(ContactPair::second).toList())
                .update();
    }

    /** Every contact of {@code userId}. */
    List<String> of(String userId) {
        return jdbc.sql("select contact_id from contact where user_id = :userId")
                .param("userId", userId)
                .query(String.class)
                .list();
    }

    /** Which of {@code others} are contacts of {@code userId}. */
    Set<String> among(String userId, Collection<String> others) {
        if (others.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select contact_id from contact where user_id = :userId and contact_id in (:others)")
                .param("userId", userId)
                .param("others", others)
                .query(String.class)
                .list());
    }
}

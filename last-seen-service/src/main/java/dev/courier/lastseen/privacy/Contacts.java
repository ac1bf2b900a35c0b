package dev.courier.lastseen.privacy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code contact (user_id, contact_id)}: the users each user chose, which is what the {@code contacts} privacy
 * setting means. Courier has no address book, so a user chooses another by writing to it: a direct message from U
 * to C (learnt from its {@code SendRequested}) makes C U's contact, and only that; C writing to U makes U C's contact.
 * A stranger who writes to someone thus never becomes their contact by doing so. Rows are only added.
 */
@Repository
class Contacts {

    private final JdbcClient jdbc;

    Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records several choices in one batch ({@code chooser} chose {@code chosen}); ones already there change nothing. */
    void addAll(Collection<ContactPair> pairs) {
        jdbc.sql("""
                        insert into contact (user_id, contact_id)
                        select a, b from unnest(array[:choosers]::text[], array[:chosen]::text[]) as p(a, b)
                        on conflict do nothing""")
                .param("choosers", pairs.stream().map(ContactPair::chooser).toList())
                .param("chosen", pairs.stream().map(ContactPair::chosen).toList())
                .update();
    }

    /** Every contact of {@code userId} (every user it chose). */
    List<String> of(String userId) {
        return jdbc.sql("select contact_id from contact where user_id = :userId")
                .param("userId", userId)
                .query(String.class)
                .list();
    }

    /** Which of {@code others} are contacts of {@code userId} (users it chose). */
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

    /** Which of {@code others} chose {@code userId} (have it as their contact). */
    Set<String> whoChose(String userId, Collection<String> others) {
        if (others.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select user_id from contact where contact_id = :userId and user_id in (:others)")
                .param("userId", userId)
                .param("others", others)
                .query(String.class)
                .list());
    }
}

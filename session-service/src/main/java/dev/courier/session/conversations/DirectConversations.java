package dev.courier.session.conversations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who shares a direct conversation with whom: two users do once either was authorised to send the other a direct
 * message (whether or not it was answered: the recipient has the chat in its list). Typing notices go only between
 * such users (issue 19, finding 14), so a stranger cannot make someone's screen say "typing…".
 * <p>
 * Learnt from the sends this service authorises, a poll at a time ({@link Poll}): the pairs of a poll are written in
 * one statement before its offsets are committed, and a typing notice later in the same poll already sees them.
 * Known pairs are cached (a pair, once known, stays known); an unknown pair is read from the database each time,
 * because another instance may have just learnt it.
 */
@Component
public class DirectConversations {

    private final JdbcClient jdbc;
    private final Cache<Pair, Boolean> known = Caffeine.newBuilder().maximumSize(200_000).build();

    DirectConversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What one poll of commands learns and asks; {@link Poll#flush()} before the poll's offsets are committed. */
    public Poll poll() {
        return new Poll();
    }

    public final class Poll {

        private final Set<Pair> learnt = new LinkedHashSet<>();

        private Poll() {
        }

        /** A direct send from {@code sender} to {@code recipient} was authorised. */
        public void started(String sender, String recipient) {
            Pair pair = Pair.of(sender, recipient);
            if (pair != null && known.getIfPresent(pair) == null) {
                learnt.add(pair);
            }
        }

        /** Whether the two users share a direct conversation (a user with itself: no). */
        public boolean share(String one, String other) {
            Pair pair = Pair.of(one, other);
            if (pair == null) {
                return false;
            }
            if (learnt.contains(pair) || known.getIfPresent(pair) != null) {
                return true;
            }
            boolean stored = jdbc.sql("select exists (select 1 from direct_conversation where user_low = :low "
                            + "and user_high = :high)")
                    .param("low", pair.low()).param("high", pair.high())
                    .query(Boolean.class).single();
            if (stored) {
                known.put(pair, Boolean.TRUE);
            }
            return stored;
        }

        /** Writes the pairs this poll learnt, in one statement; they are cached only once written. */
        public void flush() {
            if (learnt.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            insert into direct_conversation (user_low, user_high)
                            select * from unnest(:lows::text[], :highs::text[])
                            on conflict do nothing""")
                    .param("lows", learnt.stream().map(Pair::low).toArray(String[]::new))
                    .param("highs", learnt.stream().map(Pair::high).toArray(String[]::new))
                    .update();
            learnt.forEach(pair -> known.put(pair, Boolean.TRUE));
            learnt.clear();
        }
    }

    /** An unordered pair of distinct users, the lower id first. */
    record Pair(String low, String high) {

        static Pair of(String one, String other) {
            if (one.equals(other)) {
                return null;
            }
            return one.compareTo(other) < 0 ? new Pair(one, other) : new Pair(other, one);
        }
    }
}

package dev.courier.message.store;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;

/**
 * Array parameters for set-based statements ({@code unnest(:ids::text[], …)}): a poll's rows go to PostgreSQL as a
 * few arrays in one statement instead of one statement per row. The driver sends a Java array as a PostgreSQL array;
 * times travel as ISO-8601 text and are cast in SQL ({@code ::timestamptz[]}), nulls included.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static <T> String[] texts(Collection<T> rows, Function<T, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }

    public static <T> Long[] longs(Collection<T> rows, Function<T, Long> column) {
        return rows.stream().map(column).toArray(Long[]::new);
    }

    public static <T> Integer[] ints(Collection<T> rows, Function<T, Integer> column) {
        return rows.stream().map(column).toArray(Integer[]::new);
    }

    public static <T> Boolean[] booleans(Collection<T> rows, Function<T, Boolean> column) {
        return rows.stream().map(column).toArray(Boolean[]::new);
    }

    /** Times as text for a {@code ::timestamptz[]} cast; a null stays null. */
    public static <T> String[] times(Collection<T> rows, Function<T, Instant> column) {
        return rows.stream().map(column).map(time -> time == null ? null : time.toString()).toArray(String[]::new);
    }
}

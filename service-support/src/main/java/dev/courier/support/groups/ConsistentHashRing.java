package dev.courier.support.groups;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A consistent-hash ring: each node is placed on a 64-bit circle at {@code virtualNodes} points (the Murmur3 hash
 * of {@code "<node name>#<i>"}), and a key belongs to the first point clockwise from the key's own hash. Adding a
 * node only takes keys over from the others; removing one only hands its keys on; nothing else moves.
 * <p>
 * Immutable and thread-safe: when the nodes change, build a new ring. The placement depends only on the nodes'
 * names (not on the order they are given in), so every process that builds a ring of the same nodes agrees on
 * every key's owner.
 *
 * @param <T> the node type; {@code name} gives each node's stable identity on the ring (for instances, their URI)
 */
final class ConsistentHashRing<T> {

    static final int DEFAULT_VIRTUAL_NODES = 160;

    private final List<T> nodes;
    /** The points' hashes, ascending; {@code owners[i]} owns the arc that ends at {@code points[i]}. */
    private final long[] points;
    private final Object[] owners;

    ConsistentHashRing(Collection<? extends T> nodes, int virtualNodes, Function<? super T, String> name) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be at least 1, was " + virtualNodes);
        }
        // By name, so that the same nodes in any order make the same ring (points that collide go to the first).
        List<T> sorted = new ArrayList<>(new LinkedHashSet<>(nodes));
        sorted.sort(Comparator.comparing(name));
        TreeMap<Long, T> ring = new TreeMap<>();
        for (T node : sorted) {
            String nodeName = name.apply(node);
            for (int i = 0; i < virtualNodes; i++) {
                ring.putIfAbsent(hash(nodeName + "#" + i), node);
            }
        }
        this.nodes = List.copyOf(sorted);
        this.points = ring.keySet().stream().mapToLong(Long::longValue).toArray();
        this.owners = ring.values().toArray();
    }

    /** A ring whose nodes are named by {@code toString()} (strings, URIs). */
    static <T> ConsistentHashRing<T> of(Collection<? extends T> nodes, int virtualNodes) {
        return new ConsistentHashRing<>(nodes, virtualNodes, String::valueOf);
    }

    /** The distinct nodes on the ring, sorted by name. */
    List<T> nodes() {
        return nodes;
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The node that owns {@code key}; throws when the ring is empty. */
    T owner(String key) {
        if (isEmpty()) {
            throw new IllegalStateException("The ring has no nodes");
        }
        return nodeAt(firstPointFrom(hash(key)));
    }

    /**
     * Every node once, in the order met going clockwise from {@code key}: the owner first, then the node that would
     * own the key if the owner left, and so on. Empty when the ring is.
     */
    List<T> owners(String key) {
        if (isEmpty()) {
            return List.of();
        }
        Set<T> found = new LinkedHashSet<>();
        int start = firstPointFrom(hash(key));
        for (int step = 0; step < points.length && found.size() < nodes.size(); step++) {
            found.add(nodeAt((start + step) % points.length));
        }
        return List.copyOf(found);
    }

    /** The index of the first point at or after {@code hash}, wrapping past the top of the circle to the first. */
    private int firstPointFrom(long hash) {
        int index = Arrays.binarySearch(points, hash);
        if (index < 0) {
            index = -index - 1;
        }
        return index == points.length ? 0 : index;
    }

    @SuppressWarnings("unchecked")
    private T nodeAt(int index) {
        return (T) owners[index];
    }

    /** Murmur3 (128-bit x64 variant, low 64 bits) of the UTF-8 bytes: the same in every JVM and every release. */
    static long hash(String value) {
        return MurmurHash3.hash128x64(value.getBytes(StandardCharsets.UTF_8))[0];
    }

    @Override
    public String toString() {
        return "ConsistentHashRing" + nodes + " (" + points.length + " points)";
    }
}

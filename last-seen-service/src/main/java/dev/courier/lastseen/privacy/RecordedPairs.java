package dev.courier.lastseen.privacy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contact pairs written lately, the least recently seen forgotten first once {@code capacity} is reached.
 * Contact rows are never deleted, so a pair found here needs no write; one not found is simply written again.
 */
final class RecordedPairs {

    private final Map<ContactPair, Boolean> pairs;

    RecordedPairs(int capacity) {
        this.pairs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ContactPair, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(ContactPair pair) {
        return pairs.get(pair) != null;
    }

    synchronized void add(ContactPair pair) {
        pairs.put(pair, Boolean.TRUE);
    }
}

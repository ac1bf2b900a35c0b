package dev.courier.group.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.courier.group.GroupProperties;
import dev.courier.group.membership.Groups;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * This instance's cache of group members, for the groups the consistent-hash ring sends it. A miss reads the
 * database. Entries are evicted on every membership event of their group ({@link GroupEventsListener}), with a TTL
 * as a safety net. Correctness rests on two points:
 * <ul>
 *   <li>A load runs inside Caffeine's per-key computation, and an eviction of that key waits for it and then removes
 *   what it loaded: a load that read the members just before a change cannot outlive the change's event.</li>
 *   <li>The cache is used only while the event listener holds its partitions, positioned before any event it has
 *   not seen ({@link #open()} / {@link #close()}). Otherwise every lookup reads the database: slower, never wrong.</li>
 * </ul>
 * Unknown groups are not cached (a group created a moment later is found at once). Thread-safe.
 */
@Component
class MemberCache {

    private final Cache<UUID, Groups.Roster> members;
    private final Groups groups;
    private final Counter hits;
    private final Counter misses;
    private volatile boolean open;

    MemberCache(Groups groups, GroupProperties properties, MeterRegistry meters) {
        this.groups = groups;
        this.members = Caffeine.newBuilder()
                .maximumSize(properties.cache().maxGroups())
                .expireAfterWrite(properties.cache().ttl())
                .build();
        this.hits = meters.counter("courier.group.lookups", "instance", properties.instanceId(), "outcome", "hit");
        this.misses = meters.counter("courier.group.lookups", "instance", properties.instanceId(), "outcome", "miss");
        meters.gaugeMapSize("courier.group.cache.size", Tags.of("instance", properties.instanceId()), members.asMap());
    }

    /** The group's member ids and admins, or empty if there is no such group. */
    Optional<Groups.Roster> members(UUID groupId) {
        if (!open) {
            misses.increment();
            return groups.roster(groupId);
        }
        boolean[] loaded = {false};
        Groups.Roster found = members.get(groupId, id -> {
            loaded[0] = true;
            return groups.roster(id).orElse(null);
        });
        (loaded[0] ? misses : hits).increment();
        return Optional.ofNullable(found);
    }

    void evict(String groupId) {
        try {
            members.invalidate(UUID.fromString(groupId));
        } catch (IllegalArgumentException e) {
            // Not a group id of ours: nothing cached under it.
        }
    }

    /** The event listener is positioned: from now on every change to a cached group reaches {@link #evict}. */
    void open() {
        members.invalidateAll();
        open = true;
    }

    /** The event listener lost its partitions: events may be missed, so stop trusting (and drop) the cache. */
    void close() {
        open = false;
        members.invalidateAll();
    }

    boolean isOpen() {
        return open;
    }
}

package dev.courier.support.groups;

import dev.courier.contracts.api.GroupMembers;
import dev.courier.support.api.GroupMembersApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.util.DefaultUriBuilderFactory;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Looks up a group's members in group-service ({@link GroupMembersApi}; empty = no such group). The instance asked
 * first is the one that owns the group id on a {@link ConsistentHashRing} of the instances the
 * {@link DiscoveryClient} lists for {@code courier.groups.service-id}, so each instance caches only its share of
 * the groups. The ring is rebuilt when that list changes (checked on each lookup); only the groups whose arcs
 * changed hands move.
 * <p>
 * Every instance can answer any group from its database: ownership only spreads the cache. So when the owner
 * cannot answer (connection refused, timeout, any answer but 200 or 404), the next instance clockwise is asked,
 * then the next. Only when all fail does the lookup throw {@link GroupLookupFailedException}: an infrastructure
 * failure never becomes "unknown group" or "not a member". Thread-safe. A service that looks groups up imports
 * {@link GroupDirectoryConfiguration}.
 */
public class GroupDirectory {

    private static final Logger log = LoggerFactory.getLogger(GroupDirectory.class);

    private final DiscoveryClient discovery;
    private final GroupMembersApi api;
    private final String serviceId;
    private final int virtualNodes;
    private final MeterRegistry meters;
    private volatile ConsistentHashRing<URI> ring;

    /** Counter of lookups per instance asked and outcome ({@code found}, {@code unknown}, {@code failed}). */
    static final String LOOKUPS_METRIC = "courier.group.directory.lookups";

    GroupDirectory(GroupMembersApi api, DiscoveryClient discovery, GroupsProperties groups, MeterRegistry meters) {
        this.api = api;
        this.discovery = discovery;
        this.serviceId = groups.serviceId();
        this.virtualNodes = groups.virtualNodes();
        this.meters = meters;
        this.ring = ConsistentHashRing.of(List.of(), virtualNodes);
    }

    /** The group's members, or empty when group-service does not know the group. Throws when nobody could answer. */
    public Optional<GroupMembers> members(String groupId) {
        List<URI> instances = currentRing().owners(groupId);
        if (instances.isEmpty()) {
            throw new GroupLookupFailedException("No " + serviceId + " instance is known: cannot look up group "
                    + groupId, null);
        }
        RuntimeException last = null;
        for (URI instance : instances) {
            try {
                Optional<GroupMembers> found = fetch(instance, groupId);
                count(instance, found.isPresent() ? "found" : "unknown");
                log.debug("Group {} {} by {} (owner {})", groupId, found.isPresent() ? "served" : "unknown to",
                        found.map(GroupMembers::servedBy).orElse(instance.toString()), instances.getFirst());
                return found;
            } catch (RuntimeException e) {
                count(instance, "failed");
                log.warn("Looking up group {} at {} failed ({}); {}", groupId, instance, e.getMessage(),
                        instance.equals(instances.getLast()) ? "no instance left to ask" : "asking the next owner");
                last = e;
            }
        }
        throw new GroupLookupFailedException("Looking up group " + groupId + " failed at every " + serviceId
                + " instance " + instances, last);
    }

    /** The ring of the instances listed now; rebuilt only when the list differs from the current ring's. */
    ConsistentHashRing<URI> currentRing() {
        List<URI> instances = discovery.getInstances(serviceId).stream()
                .map(ServiceInstance::getUri)
                .map(GroupDirectory::withoutTrailingSlash)
                .distinct()
                .sorted()
                .toList();
        ConsistentHashRing<URI> current = ring;
        if (!current.nodes().equals(instances)) {
            synchronized (this) {
                current = ring;
                if (!current.nodes().equals(instances)) {
                    log.info("{} instances changed from {} to {}: ring rebuilt", serviceId, current.nodes(),
                            instances);
                    current = ConsistentHashRing.of(instances, virtualNodes);
                    ring = current;
                }
            }
        }
        return current;
    }

    private Optional<GroupMembers> fetch(URI instance, String groupId) {
        Optional<GroupMembers> members = api.members(new DefaultUriBuilderFactory(instance.toString()), groupId);
        if (members.isPresent() && members.get().members() == null) {
            throw new IllegalStateException("answered without members");
        }
        return members;
    }

    private void count(URI instance, String outcome) {
        meters.counter(LOOKUPS_METRIC, "instance", instance.toString(), "outcome", outcome)
                .increment();
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}

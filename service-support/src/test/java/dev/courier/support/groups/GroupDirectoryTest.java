package dev.courier.support.groups;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.GroupMembers;
import dev.courier.support.api.GroupMembersApi;
import dev.courier.support.api.InternalCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The members lookup against two real HTTP servers standing in for two group-service instances. */
class GroupDirectoryTest {

    private static final List<String> GROUPS = IntStream.range(0, 200).mapToObj(i -> "g-" + i).toList();

    private final List<FakeGroupService> instances = new ArrayList<>();
    private final SimpleDiscoveryProperties discovery = new SimpleDiscoveryProperties();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private GroupDirectory directory;

    /** One group-service instance: every group but {@code ghost-*} exists, answered with its own servedBy. */
    private static final class FakeGroupService {

        final String name;
        final HttpServer server;
        final URI uri;
        volatile int status = 200;
        final AtomicInteger answered = new AtomicInteger();

        FakeGroupService(String name) throws IOException {
            this.name = name;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            JsonMapper json = JsonMapper.builder().build();
            server.createContext("/internal/groups/", exchange -> {
                String groupId = exchange.getRequestURI().getPath().split("/")[3];
                answered.incrementAndGet();
                if (groupId.startsWith("ghost") || status != 200) {
                    exchange.sendResponseHeaders(groupId.startsWith("ghost") ? 404 : status, -1);
                } else {
                    byte[] body = json.writeValueAsString(new GroupMembers(groupId, List.of("alice", "bob"), name,
                            List.of("alice")))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }
    }

    @BeforeEach
    void startTwoInstances() throws IOException {
        instances.add(new FakeGroupService("group-a"));
        instances.add(new FakeGroupService("group-b"));
        listInDiscovery(instances);
        directory = new GroupDirectory(InternalCalls.client(GroupMembersApi.class, GroupMembersApi.SERVICE, ""),
                new SimpleDiscoveryClient(discovery), new GroupsProperties("group-service", 1000), meters);
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(instance -> instance.server.stop(0));
    }

    private void listInDiscovery(List<FakeGroupService> listed) {
        List<InstanceProperties> properties = listed.stream().map(instance -> {
            InstanceProperties p = new InstanceProperties();
            p.setUri(instance.uri);
            return p;
        }).toList();
        discovery.setInstances(new HashMap<>(Map.of("group-service", properties)));
        discovery.afterPropertiesSet();
    }

    private String ownerName(String groupId) {
        URI owner = ConsistentHashRing.of(instances.stream().map(i -> i.uri).toList(), 1000).owner(groupId);
        return instances.stream().filter(i -> i.uri.equals(owner)).findFirst().orElseThrow().name;
    }

    private String servedBy(String groupId) {
        return directory.members(groupId).orElseThrow().servedBy();
    }

    private double lookups(FakeGroupService instance, String outcome) {
        var counter = meters.find(GroupDirectory.LOOKUPS_METRIC)
                .tags("instance", instance.uri.toString(), "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachGroupIsAskedOfItsOwnerOnTheRingAndBothInstancesGetTheirShare() {
        for (String group : GROUPS) {
            GroupMembers members = directory.members(group).orElseThrow();
            assertThat(members.servedBy()).as(group).isEqualTo(ownerName(group));
            assertThat(members.members()).containsExactly("alice", "bob");
            assertThat(members.isAdmin("alice")).isTrue();
            assertThat(members.isAdmin("bob")).isFalse();
        }
        assertThat(instances.get(0).answered.get()).isBetween(60, 140);
        assertThat(instances.get(0).answered.get() + instances.get(1).answered.get()).isEqualTo(GROUPS.size());
        assertThat(lookups(instances.get(0), "found") + lookups(instances.get(1), "found")).isEqualTo(GROUPS.size());
    }

    @Test
    void aStoppedInstancesGroupsAreAnsweredByTheOtherOne() {
        FakeGroupService stopped = instances.get(1);
        stopped.server.stop(0);
        List<String> itsGroups = GROUPS.stream().filter(group -> ownerName(group).equals(stopped.name)).toList();
        assertThat(itsGroups).isNotEmpty();

        assertThat(GROUPS).allSatisfy(group -> assertThat(servedBy(group)).isEqualTo("group-a"));
        assertThat(lookups(stopped, "failed")).isEqualTo(itsGroups.size());
    }

    @Test
    void anOwnerThatAnswersAServerErrorIsPassedOverToo() {
        instances.get(0).status = 503;

        assertThat(GROUPS).allSatisfy(group -> assertThat(servedBy(group)).isEqualTo("group-b"));
    }

    @Test
    void notFoundIsAnUnknownGroup() {
        assertThat(directory.members("ghost-1")).isEmpty();
        assertThat(instances.get(0).answered.get() + instances.get(1).answered.get()).isEqualTo(1);
    }

    @Test
    void whenNoInstanceCanAnswerTheLookupFailsRatherThanCallingTheGroupUnknown() {
        instances.forEach(instance -> instance.status = 500);

        assertThatThrownBy(() -> directory.members("g-1")).isInstanceOf(GroupLookupFailedException.class);
        assertThat(instances.get(0).answered.get() + instances.get(1).answered.get()).isEqualTo(2);
    }

    @Test
    void withNoInstanceListedTheLookupFails() {
        listInDiscovery(List.of());

        assertThatThrownBy(() -> directory.members("g-1")).isInstanceOf(GroupLookupFailedException.class);
    }

    @Test
    void anInstanceThatJoinsTakesOverOnlyTheGroupsItNowOwns() {
        FakeGroupService first = instances.get(0);
        listInDiscovery(List.of(first));
        assertThat(GROUPS).allSatisfy(group -> assertThat(servedBy(group)).isEqualTo("group-a"));

        listInDiscovery(instances);
        for (String group : GROUPS) {
            assertThat(servedBy(group)).as(group).isEqualTo(ownerName(group));
        }
        assertThat(directory.currentRing().nodes()).containsExactlyInAnyOrder(first.uri, instances.get(1).uri);
    }
}

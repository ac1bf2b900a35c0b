package dev.courier.support.groups;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The acceptance of issue 3's ring, with the default number of virtual nodes and 100,000 group ids. */
class ConsistentHashRingTest {

    private static final int KEYS = 100_000;
    private static final int VIRTUAL_NODES = 1000; // courier.groups.virtual-nodes' default

    private static final List<String> KEY_SET = IntStream.range(0, KEYS)
            .mapToObj(i -> "group-" + i)
            .toList();

    /**
     * Three instances and a fourth that joins them, named as they would be locally, by IP, and by DNS. Each set is
     * just a realistic one, not picked for its luck: with 1000 points per instance a share's standard deviation is
     * about 2.6 % of it, so ±10 % holds for practically any names.
     */
    static Stream<List<String>> threeInstances() {
        return Stream.of(
                List.of("http://localhost:8084", "http://localhost:8094", "http://localhost:8104",
                        "http://localhost:8114"),
                List.of("http://10.0.3.11:8084", "http://10.0.3.12:8084", "http://10.0.3.13:8084",
                        "http://10.0.3.14:8084"),
                List.of("http://group-service-0.group:8084", "http://group-service-1.group:8084",
                        "http://group-service-2.group:8084", "http://group-service-3.group:8084"));
    }

    private static Map<String, String> owners(ConsistentHashRing<String> ring) {
        Map<String, String> owners = new HashMap<>(KEYS * 2);
        KEY_SET.forEach(key -> owners.put(key, ring.owner(key)));
        return owners;
    }

    private static List<String> moved(Map<String, String> before, Map<String, String> after) {
        return KEY_SET.stream().filter(key -> !before.get(key).equals(after.get(key))).toList();
    }

    @ParameterizedTest
    @MethodSource("threeInstances")
    void threeInstancesEachOwnAThirdOfTheKeysWithinTenPercent(List<String> names) {
        List<String> instances = names.subList(0, 3);
        Map<String, Integer> counts = new HashMap<>();
        owners(ConsistentHashRing.of(instances, VIRTUAL_NODES)).values()
                .forEach(owner -> counts.merge(owner, 1, Integer::sum));

        assertThat(counts).containsOnlyKeys(instances);
        counts.values().forEach(count -> assertThat((double) count).isCloseTo(KEYS / 3.0, within(KEYS / 3.0 * 0.10)));
    }

    @ParameterizedTest
    @MethodSource("threeInstances")
    void aFourthInstanceTakesAtMostThirtyPercentOfTheKeysAndOnlyForItself(List<String> names) {
        Map<String, String> before = owners(ConsistentHashRing.of(names.subList(0, 3), VIRTUAL_NODES));
        String fourth = names.get(3);
        Map<String, String> after = owners(ConsistentHashRing.of(names, VIRTUAL_NODES));

        List<String> moved = moved(before, after);
        assertThat(moved).isNotEmpty().hasSizeLessThanOrEqualTo(KEYS * 30 / 100);
        assertThat(moved).allSatisfy(key -> assertThat(after.get(key)).isEqualTo(fourth));
    }

    @ParameterizedTest
    @MethodSource("threeInstances")
    void removingAnInstanceMovesOnlyTheKeysItOwned(List<String> names) {
        List<String> instances = names.subList(0, 3);
        Map<String, String> before = owners(ConsistentHashRing.of(instances, VIRTUAL_NODES));
        String leaving = instances.get(1);
        Map<String, String> after = owners(ConsistentHashRing.of(
                instances.stream().filter(i -> !i.equals(leaving)).toList(), VIRTUAL_NODES));

        List<String> moved = moved(before, after);
        assertThat(moved).isNotEmpty().allSatisfy(key -> assertThat(before.get(key)).isEqualTo(leaving));
        assertThat(moved).hasSize((int) before.values().stream().filter(leaving::equals).count());
    }

    @Test
    void theSameInstancesGiveTheSameOwnersWhateverTheOrderAndAcrossRebuilds() {
        List<String> instances = List.of("http://a:8084", "http://b:8084", "http://c:8084");
        Map<String, String> first = owners(ConsistentHashRing.of(instances, VIRTUAL_NODES));

        assertThat(owners(ConsistentHashRing.of(instances, VIRTUAL_NODES))).isEqualTo(first);
        assertThat(owners(ConsistentHashRing.of(instances.reversed(), VIRTUAL_NODES))).isEqualTo(first);
        assertThat(owners(ConsistentHashRing.of(List.of(instances.get(1), instances.get(2), instances.get(0)),
                VIRTUAL_NODES))).isEqualTo(first);
    }

    @Test
    void ownersListEveryInstanceOnceOwnerFirstThenWhoWouldOwnTheKeyIfTheOwnerLeft() {
        List<String> instances = List.of("http://a:8084", "http://b:8084", "http://c:8084");
        ConsistentHashRing<String> ring = ConsistentHashRing.of(instances, VIRTUAL_NODES);

        for (String key : KEY_SET.subList(0, 1000)) {
            List<String> owners = ring.owners(key);
            assertThat(owners).containsExactlyInAnyOrderElementsOf(instances);
            assertThat(owners.getFirst()).isEqualTo(ring.owner(key));
            String successor = ConsistentHashRing.of(
                    instances.stream().filter(i -> !i.equals(owners.getFirst())).toList(), VIRTUAL_NODES).owner(key);
            assertThat(owners.get(1)).isEqualTo(successor);
        }
    }

    @Test
    void theDefaultVirtualNodesAlsoHoldForFiveInstances() {
        List<String> instances = IntStream.range(0, 5).mapToObj(i -> "http://10.0.3." + (20 + i) + ":8084").toList();
        Map<String, Integer> counts = new HashMap<>();
        owners(ConsistentHashRing.of(instances, VIRTUAL_NODES)).values()
                .forEach(owner -> counts.merge(owner, 1, Integer::sum));

        counts.values().forEach(count -> assertThat((double) count).isCloseTo(KEYS / 5.0, within(KEYS / 5.0 * 0.10)));
    }

    @Test
    void anEmptyRingHasNoOwners() {
        ConsistentHashRing<String> ring = ConsistentHashRing.of(List.of(), VIRTUAL_NODES);

        assertThat(ring.owners("g-1")).isEmpty();
        assertThatThrownBy(() -> ring.owner("g-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSingleInstanceOwnsEverything() {
        ConsistentHashRing<String> ring = ConsistentHashRing.of(List.of("http://only:8084"), VIRTUAL_NODES);

        assertThat(KEY_SET.subList(0, 1000)).allSatisfy(key -> assertThat(ring.owner(key)).isEqualTo("http://only:8084"));
    }
}

package dev.courier.bench;

import dev.courier.bench.SaturationSearch.Step;
import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SaturationSearchTest {

    static WorkloadResult direct(String system, int rate, long attempted, long delivered, double p99) {
        Latency latency = new Latency(delivered, p99 / 3, p99, p99 * 1.2, p99 * 1.5);
        return new WorkloadResult(system, "direct", rate, attempted, delivered, attempted - delivered, 0, 0, 5,
                latency, latency, latency, Map.of());
    }

    @Test
    void aStepIsGoodWithAtLeast999PerMilleDeliveredAndP99UpTo500Millis() {
        assertThat(SaturationSearch.good(direct("courier", 100, 10_000, 9_990, 500))).isTrue();
        assertThat(SaturationSearch.good(direct("courier", 100, 10_000, 9_989, 20))).isFalse();
        assertThat(SaturationSearch.good(direct("courier", 100, 10_000, 10_000, 500.1))).isFalse();
        assertThat(SaturationSearch.good(direct("courier", 100, 0, 0, 0))).isFalse();
    }

    @Test
    void doublesTheRateUntilAStepFailsThenBisectsOnce() throws Exception {
        List<Integer> rates = new ArrayList<>();
        SaturationSearch search = new SaturationSearch(50, 100_000, Instant.MAX);
        List<Step> steps = search.run(rate -> {
            rates.add(rate);
            return Step.of(direct("courier", rate, rate * 5L, rate * 5L, rate <= 600 ? 40 : 900), Map.of());
        }, Instant::now);

        assertThat(rates).containsExactly(50, 100, 200, 400, 800, 600);
        assertThat(SaturationSearch.lastGoodRate(steps)).contains(600);
    }

    @Test
    void noBisectWhenTheTimeIsUpAndHalfTheFirstRateWhenThatFails() throws Exception {
        List<Integer> rates = new ArrayList<>();
        SaturationSearch.StepRunner runner = rate -> {
            rates.add(rate);
            return Step.of(direct("courier", rate, 100, rate <= 100 ? 100 : 50, 10), Map.of());
        };
        new SaturationSearch(50, 100_000, Instant.EPOCH).run(runner, Instant::now);
        assertThat(rates).containsExactly(50, 100, 200);

        rates.clear();
        List<Step> steps = new SaturationSearch(400, 100_000, Instant.MAX).run(runner, Instant::now);
        assertThat(rates).containsExactly(400, 200);
        assertThat(SaturationSearch.lastGoodRate(steps)).isEmpty();

        rates.clear();
        steps = new SaturationSearch(100, 100_000, Instant.MAX).run(rate -> {
            rates.add(rate);
            return Step.of(direct("courier", rate, 100, rate <= 50 ? 100 : 0, 10), Map.of());
        }, Instant::now);
        assertThat(rates).containsExactly(100, 50);
        assertThat(SaturationSearch.lastGoodRate(steps)).contains(50);
    }

    @Test
    void cpuPerThousandDeliveredMessages() {
        Step step = Step.of(direct("courier", 100, 2_000, 2_000, 10), Map.of("total", 3.0, "postgres", 1.0));
        assertThat(step.cpuPerThousand("total")).isEqualTo(1.5);
        assertThat(step.cpuPerThousand("postgres")).isEqualTo(0.5);
        assertThat(step.cpuPerThousand("absent")).isNaN();
    }
}

package dev.courier.bench;

import dev.courier.load.WorkloadResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One-to-one at rising offered rates: 50, 100, 200, ... (×2) until a step is not good, then once between the last
 * good and the first bad step (or at half the first step, when that was not good) if the time budget allows. A step is good when at least 99.9% of its messages arrived
 * and p99 send → deliver is at most 500 ms.
 */
final class SaturationSearch {

    static final double MIN_DELIVERED_SHARE = 0.999;
    static final double MAX_P99_MILLIS = 500;
    static final int MIN_RATE = 10;

    /** One measured step: the generator's result and the CPU seconds each process group spent during it. */
    record Step(WorkloadResult result, Map<String, Double> cpuSeconds, boolean good) {

        static Step of(WorkloadResult result, Map<String, Double> cpuSeconds) {
            return new Step(result, cpuSeconds, SaturationSearch.good(result));
        }

        /** CPU seconds per 1,000 delivered messages of one group ("total" for all), or NaN. */
        double cpuPerThousand(String group) {
            Double seconds = cpuSeconds.get(group);
            return seconds == null || result.delivered() == 0 ? Double.NaN : seconds * 1000 / result.delivered();
        }
    }

    /** Runs one step at an offered rate (messages per second). */
    @FunctionalInterface
    interface StepRunner {
        Step run(int rate) throws Exception;
    }

    private final int firstRate;
    private final int maxRate;
    private final Instant bisectDeadline;

    SaturationSearch(int firstRate, int maxRate, Instant bisectDeadline) {
        this.firstRate = firstRate;
        this.maxRate = maxRate;
        this.bisectDeadline = bisectDeadline;
    }

    static boolean good(WorkloadResult result) {
        return result.attempted() > 0
                && result.delivered() >= MIN_DELIVERED_SHARE * result.attempted()
                && result.sendToDeliver().p99Millis() <= MAX_P99_MILLIS;
    }

    /** Every step, in the order run. */
    List<Step> run(StepRunner runner, Clock clock) throws Exception {
        List<Step> steps = new ArrayList<>();
        int lastGood = 0;
        int firstBad = 0;
        for (int rate = firstRate; rate <= maxRate; rate *= 2) {
            Step step = runner.run(rate);
            steps.add(step);
            if (!step.good()) {
                firstBad = rate;
                break;
            }
            lastGood = rate;
        }
        // Once between the last good and the first bad step; below the first step when even that was not good.
        if (firstBad > 0 && clock.now().isBefore(bisectDeadline)) {
            int between = roundRate((lastGood + firstBad) / 2);
            if (between > lastGood && between < firstBad && between >= MIN_RATE) {
                steps.add(runner.run(between));
            }
        }
        return steps;
    }

    /** The highest offered rate among good steps. */
    static Optional<Integer> lastGoodRate(List<Step> steps) {
        return steps.stream().filter(Step::good).map(step -> (int) Math.round(step.result().offeredRate()))
                .max(Integer::compare);
    }

    /** Rates from 100 up are rounded to tens, to keep the report readable. */
    static int roundRate(int rate) {
        return rate >= 100 ? rate / 10 * 10 : rate;
    }

    /** The time source; tests give a fixed one. */
    @FunctionalInterface
    interface Clock {
        Instant now();
    }
}

package dev.courier.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenLoopTest {

    @Test
    void gapsAreExponentialWithTheMeanOfTheRate() {
        Random random = new Random(7);
        int n = 200_000;
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++) {
            double gap = OpenLoop.gapNanos(random, 400) / 1e9;
            sum += gap;
            sumOfSquares += gap * gap;
        }
        double mean = sum / n;
        double deviation = Math.sqrt(sumOfSquares / n - mean * mean);
        assertThat(mean).isCloseTo(1 / 400.0, within(0.01 / 400));
        assertThat(deviation / mean).as("an exponential's deviation equals its mean, unlike a fixed interval")
                .isCloseTo(1.0, within(0.02));
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        Random first = new Random(42);
        Random second = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertThat(OpenLoop.gapNanos(first, 50)).isEqualTo(OpenLoop.gapNanos(second, 50));
        }
    }

    @Test
    void runCallsTheActionOncePerArrivalWithNonDecreasingScheduledTimes() {
        List<Long> dues = new ArrayList<>();
        long before = System.nanoTime();
        OpenLoop.run(200, 10_000, 1, dues::add);
        assertThat(dues).hasSize(200).isSorted();
        assertThat(dues.getFirst()).isGreaterThanOrEqualTo(before);
    }
}

package dev.courier.load;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** A thread-safe latency histogram (nanoseconds, up to two minutes, three significant digits) that prints itself. */
final class LatencyRecorder {

    private final String name;
    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(2), 3);

    LatencyRecorder(String name) {
        this.name = name;
    }

    synchronized void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(0, nanos), histogram.getHighestTrackableValue()));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized String line() {
        return String.format("%-34s p50 %7.1f ms   p99 %7.1f ms   p99.9 %7.1f ms   max %7.1f ms   (n=%d)", name,
                ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()), histogram.getTotalCount());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

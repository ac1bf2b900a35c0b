package dev.courier.load;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** A thread-safe latency histogram (nanoseconds, up to ten minutes, three significant digits) that prints itself. */
public final class LatencyRecorder {

    private final String name;
    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);

    public LatencyRecorder(String name) {
        this.name = name;
    }

    public synchronized void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(0, nanos), histogram.getHighestTrackableValue()));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The 99th percentile so far, in nanoseconds (0 before the first value). */
    public synchronized long p99Nanos() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99);
    }

    /** What was recorded, in milliseconds; {@link Latency#NONE} when nothing was. */
    public synchronized Latency summary() {
        if (histogram.getTotalCount() == 0) {
            return Latency.NONE;
        }
        return new Latency(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
                ms(histogram.getMaxValue()));
    }

    public synchronized String line() {
        Latency latency = summary();
        return String.format("%-34s p50 %7.1f ms   p99 %7.1f ms   p99.9 %7.1f ms   max %7.1f ms   (n=%d)", name,
                latency.p50Millis(), latency.p99Millis(), latency.p999Millis(), latency.maxMillis(), latency.count());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

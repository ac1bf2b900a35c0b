package dev.courier.load;

/** Percentiles of one latency, in milliseconds; {@link #NONE} when a workload does not measure it. */
public record Latency(long count, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {

    public static final Latency NONE = new Latency(0, 0, 0, 0, 0);
}

package dev.courier.load;

import java.util.Map;

/**
 * What one workload run measured, the same shape for every system under test so that a benchmark can put Courier and
 * its peer side by side.
 *
 * @param system                 "courier" or the peer's name, e.g. "ejabberd"
 * @param workload               "direct", "group", "idle", "media", ...
 * @param offeredRate            scheduled arrivals per second (messages, or uploads for media)
 * @param attempted              messages sent (group: deliveries expected)
 * @param delivered              distinct messages (group: deliveries) that arrived
 * @param lost                   attempted minus delivered after the drain wait
 * @param duplicates             deliveries seen more than once by the same recipient
 * @param orderViolations        arrivals out of send order, per sender and recipient
 * @param seconds                wall time of the measured phase
 * @param sendToDeliver          scheduled send time to the message at the recipient
 * @param sendToSent             scheduled send time to the {@code sent} receipt (XMPP: the XEP-0198 ack)
 * @param sendToDeliveredReceipt scheduled send time to the {@code delivered} receipt at the sender (XMPP: XEP-0184)
 * @param extra                  workload-specific figures, e.g. "rssBytesPerConnection"
 */
public record WorkloadResult(String system, String workload, double offeredRate, long attempted, long delivered,
                             long lost, long duplicates, long orderViolations, double seconds, Latency sendToDeliver,
                             Latency sendToSent, Latency sendToDeliveredReceipt, Map<String, Double> extra) {

    /** Extra keys: wall-clock bounds (epoch milliseconds) of the measured phase, without set-up and warm-up. */
    public static final String MEASURED_FROM = "measuredFromEpochMillis";
    public static final String MEASURED_TO = "measuredToEpochMillis";

    public WorkloadResult {
        extra = Map.copyOf(extra);
    }

    /** Nothing lost, duplicated or reordered. */
    public boolean good() {
        return lost == 0 && duplicates == 0 && orderViolations == 0;
    }

    /** Delivered per second of the measured phase (0 when it took no time). */
    public double deliveredPerSecond() {
        return seconds > 0 ? delivered / seconds : 0;
    }

    /** Share of the attempted that arrived (1 when nothing was attempted). */
    public double deliveredRatio() {
        return attempted == 0 ? 1 : (double) delivered / attempted;
    }

    /** A few lines for people: counts, rates, the three latencies and the extras. */
    public String summary() {
        StringBuilder text = new StringBuilder(String.format(
                "%s %s: offered %.1f/s, attempted %d, delivered %d (%.1f/s over %.1f s), lost %d, duplicates %d, "
                        + "order violations %d%n", system, workload, offeredRate, attempted, delivered,
                deliveredPerSecond(), seconds, lost, duplicates, orderViolations));
        line(text, "send -> message at recipient", sendToDeliver);
        line(text, "send -> sent receipt", sendToSent);
        line(text, "send -> delivered receipt", sendToDeliveredReceipt);
        new java.util.TreeMap<>(extra).forEach((key, value) -> text.append(String.format("  %-32s %.3f%n", key, value)));
        return text.toString();
    }

    private static void line(StringBuilder text, String name, Latency latency) {
        if (latency.count() > 0) {
            text.append(String.format("  %-32s p50 %8.1f ms  p99 %8.1f ms  p99.9 %8.1f ms  max %8.1f ms  (n=%d)%n",
                    name, latency.p50Millis(), latency.p99Millis(), latency.p999Millis(), latency.maxMillis(),
                    latency.count()));
        }
    }
}

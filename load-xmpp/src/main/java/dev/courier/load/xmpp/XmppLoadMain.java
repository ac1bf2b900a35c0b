package dev.courier.load.xmpp;

import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Courier generator's workloads against ejabberd, over XMPP on WebSocket (RFC 7395). Start the peer and create
 * its users first ({@code bench/ejabberd/ejabberd.sh start && bench/ejabberd/ejabberd.sh register bench 2000}).
 *
 * <pre>
 * java -jar load-xmpp/target/load-xmpp-*-exec.jar --workload direct --rate 500 --messages 10000
 * java -jar load-xmpp/target/load-xmpp-*-exec.jar --workload group --group-size 100 --messages 200 --rate 5
 * java -jar load-xmpp/target/load-xmpp-*-exec.jar --workload idle --users 2000 --step 500
 * </pre>
 *
 * Options: see {@link XmppOptions}. Exits 0 when nothing was lost, duplicated or reordered, 1 otherwise.
 */
public final class XmppLoadMain {

    private XmppLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkloadResult result = result(args);
        print(result);
        System.exit(result.good() ? 0 : 1);
    }

    /** Runs the workload the arguments name and returns what it measured (system "ejabberd"). */
    public static WorkloadResult result(String... args) throws InterruptedException {
        XmppOptions options = XmppOptions.parse(args);
        return switch (options.workload()) {
            case "direct" -> XmppDirectWorkload.run(options);
            case "group" -> XmppGroupWorkload.run(options);
            case "idle" -> XmppIdleWorkload.run(options);
            default -> throw new IllegalArgumentException("Unknown workload " + options.workload() + "; "
                    + XmppOptions.USAGE);
        };
    }

    static void print(WorkloadResult result) {
        System.out.printf("%s %s: offered %.1f/s, attempted %d, delivered %d, lost %d, duplicates %d, out of order "
                        + "%d, %.1f s%n", result.system(), result.workload(), result.offeredRate(), result.attempted(),
                result.delivered(), result.lost(), result.duplicates(), result.orderViolations(), result.seconds());
        line("send -> message at recipient", result.sendToDeliver());
        line("send -> sent (XEP-0198 ack)", result.sendToSent());
        line("send -> delivered (XEP-0184)", result.sendToDeliveredReceipt());
        Map<String, Double> extra = new TreeMap<>(result.extra());
        extra.forEach((key, value) -> System.out.printf("  %-28s %.1f%n", key, value));
    }

    private static void line(String name, Latency latency) {
        if (latency.count() > 0) {
            System.out.printf("  %-32s p50 %7.1f ms   p99 %7.1f ms   p99.9 %7.1f ms   max %7.1f ms   (n=%d)%n", name,
                    latency.p50Millis(), latency.p99Millis(), latency.p999Millis(), latency.maxMillis(),
                    latency.count());
        }
    }
}

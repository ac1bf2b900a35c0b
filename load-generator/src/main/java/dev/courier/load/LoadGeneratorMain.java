package dev.courier.load;

/**
 * Load on the public contract against a running stack, open loop (see {@link OpenLoop}), latencies in HdrHistogram.
 *
 * <pre>
 * java -jar load-generator/target/load-generator-*-exec.jar --url http://localhost:8080 --url http://localhost:8081
 * java -jar load-generator/target/load-generator-*-exec.jar --workload group --group-size 256 --messages 100 --rate 2
 * java -jar load-generator/target/load-generator-*-exec.jar --workload presence --users 1000 --interval 10
 * java -jar load-generator/target/load-generator-*-exec.jar --workload disappearing --messages 10000 --rate 100 --timer 150
 * </pre>
 *
 * Exits 0 when every message arrived, 1 otherwise.
 */
public final class LoadGeneratorMain {

    private LoadGeneratorMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args) ? 0 : 1);
    }

    /** Runs the workload the arguments name; true when every message arrived. */
    public static boolean run(String... args) throws Exception {
        Options options = Options.parse(args);
        return switch (options.workload()) {
            case "direct" -> DirectWorkload.run(options);
            case "group" -> GroupFanOutWorkload.run(options);
            case "presence" -> PresenceWorkload.run(options);
            case "disappearing" -> DisappearingWorkload.run(options);
            default -> throw new IllegalArgumentException("Unknown workload " + options.workload());
        };
    }
}

package dev.courier.load;

/**
 * Load on the public contract against a running stack: open loop with Poisson arrivals (see {@link OpenLoop}),
 * latencies in HdrHistogram from each arrival's scheduled time, deliveries checked ({@link DeliveryTally}).
 *
 * <pre>
 * LG="java -jar load-generator/target/load-generator-*-exec.jar --url http://localhost:8080 --url http://localhost:8081"
 * $LG --workload direct --rate 400 --messages 8000
 * $LG --workload group --group-size 100 --groups 2 --rate 10 --duration 30
 * $LG --workload idle --users 15000 --step 1000
 * $LG --workload media --rate 2 --duration 30
 * $LG --workload presence --users 1000 --interval 10
 * $LG --workload disappearing --messages 10000 --rate 100 --timer 150
 * </pre>
 *
 * Prints a summary; exits 0 when nothing was lost, 1 otherwise. See {@link Options} for every option.
 */
public final class LoadGeneratorMain {

    private LoadGeneratorMain() {
    }

    /** Exit codes: 0 nothing lost, 1 something lost, 2 bad options (the usage is printed, no stack trace). */
    public static void main(String[] args) throws Exception {
        if (Options.wantsHelp(args)) {
            System.out.print(Options.HELP);
            System.exit(0);
        }
        try {
            Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-generator: " + e.getMessage());
            System.err.print(Options.HELP);
            System.exit(2);
        }
        System.exit(run(args) ? 0 : 1);
    }

    /** Runs the workload the arguments name and prints its summary; true when nothing was lost. */
    public static boolean run(String... args) throws Exception {
        WorkloadResult result = result(args);
        System.out.print(result.summary());
        return result.lost() == 0;
    }

    /** Runs the workload named by {@code --workload} (default direct) and answers what it measured. */
    public static WorkloadResult result(String... args) throws Exception {
        Options options = Options.parse(args);
        return switch (options.workload()) {
            case "direct" -> DirectWorkload.run(options);
            case "group" -> GroupFanOutWorkload.run(options);
            case "idle" -> IdleWorkload.run(options);
            case "media" -> MediaWorkload.run(options);
            case "presence" -> PresenceWorkload.run(options);
            case "disappearing" -> DisappearingWorkload.run(options);
            default -> throw new IllegalArgumentException("Unknown workload " + options.workload() + "; "
                    + Options.USAGE);
        };
    }
}

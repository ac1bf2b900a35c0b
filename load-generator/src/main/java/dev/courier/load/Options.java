package dev.courier.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options.
 * <ul>
 *   <li>every workload: {@code --workload direct|group|idle|media|presence|disappearing}, {@code --url}
 *       (repeatable: direct senders use the first gateway and receivers the last; the other workloads spread users
 *       round-robin), {@code --rate} (per second, open loop with Poisson arrivals; fractions allowed),
 *       {@code --messages} (how many arrivals; default {@code rate × --duration} when {@code --duration} is given,
 *       else 1,000), {@code --seed} (of the arrival schedule), {@code --drain} (seconds to wait for stragglers after
 *       the last send; default max(10 s, 2 × the p99 seen)), {@code --parallelism} (registrations at once; default
 *       4, or 16 from 200 users up);</li>
 *   <li>direct: {@code --pairs} (default 10, raised to rate / 50 so that no sender meets the gateway's per-connection
 *       limit of 100 frames a second);</li>
 *   <li>group: {@code --group-size} (members, sender included; default 10), {@code --groups} (default 1);</li>
 *   <li>idle: {@code --users}, {@code --step} (connections per step, default 1000), {@code --settle} (seconds after
 *       each step before reading memory, default 5), {@code --gateway-pid} (repeatable; default every process whose
 *       command line names {@code gateway-service});</li>
 *   <li>media: {@code --pairs} (senders, each with a receiver; default 10), {@code --rate} uploads per second,
 *       {@code --duration} (default 30 s), {@code --max-in-flight} (uploads at once, default 32; arrivals beyond it are
 *       skipped and counted);</li>
 *   <li>presence: {@code --users}, {@code --interval} (seconds between one user's pings), {@code --duration},
 *       {@code --metrics-url} (last-seen-service's base URL);</li>
 *   <li>disappearing: {@code --timer} (seconds), {@code --background-rate} and {@code --expire-window} (seconds; when
 *       set, every message expires within that window, however long the sending takes: see
 *       {@link DisappearingWorkload}).</li>
 * </ul>
 */
record Options(String workload, List<URI> urls, int pairs, int messages, double rate, int groupSize, int groups,
               int users, int interval, int duration, URI metricsUrl, int timer, int backgroundRate, long seed,
               Double drainSeconds, int step, int settleSeconds, List<Long> gatewayPids, int parallelism,
               int maxInFlight, int expireWindow) {

    static final String USAGE = "use --workload direct|group|idle|media|presence|disappearing --url URL (repeatable) "
            + "--pairs N --messages N --rate R --duration S --seed N --drain S --parallelism N --group-size N "
            + "--groups N --max-in-flight N --users N --step N --settle S --gateway-pid PID (repeatable) --interval S --metrics-url URL "
            + "--timer S --background-rate N --expire-window S";

    /** What {@code --help} prints: every option, what it does and its default. */
    static final String HELP = """
            Courier load generator: open-loop load on the public contract of a running stack.
            usage: java -jar load-generator-*-exec.jar [--option value]...   (--help: this text)

            every workload
              --workload W        direct (default) | group | idle | media | presence | disappearing
              --url URL           a gateway, repeatable (default http://localhost:8080); direct senders use the
                                  first, receivers the last; other workloads spread users round-robin
              --rate R            arrivals per second, Poisson, fractions allowed (default 100)
              --messages N        arrivals (default rate x --duration when given, else 1000)
              --duration S        seconds of arrivals (default 60; media 30)
              --seed N            seed of the arrival schedule (default 42)
              --drain S           seconds to wait for stragglers (default max(10, 2 x p99 seen))
              --parallelism N     registrations at once (default 4, or 16 from 200 users up)
            direct, media
              --pairs N           sender/receiver pairs (direct default: max(10, rate / 50))
            group
              --group-size N      members, sender included (default 10)
              --groups N          groups (default 1)
            idle
              --users N           connections to open (default 1000)
              --step N            connections per step (default 1000)
              --settle S          seconds after each step before reading memory (default 5)
              --gateway-pid PID   gateway process to measure, repeatable (default: every gateway-service)
            media
              --max-in-flight N   uploads at once (default 32)
            presence
              --users N, --interval S (seconds between one user's pings, default 10), --duration S
              --metrics-url URL   last-seen-service's base URL (default http://localhost:8086)
            disappearing
              --timer S           disappearing timer in seconds (default 120)
              --background-rate N direct messages per second beside it (default 50)
              --expire-window S   every message expires within this window (default: off)
            exit code: 0 nothing lost, 1 something lost, 2 bad options
            """;

    Options {
        urls = List.copyOf(urls);
        gatewayPids = List.copyOf(gatewayPids);
    }

    /** The same target with another direct stream: {@code pairs}, {@code messages} at {@code rate}. */
    Options background(int pairs, int messages, int rate) {
        return new Options("direct", urls, pairs, messages, rate, groupSize, groups, users, interval, duration,
                metricsUrl, timer, backgroundRate, seed, drainSeconds, step, settleSeconds, gatewayPids, parallelism,
                maxInFlight, expireWindow);
    }

    /** Registrations at once for {@code count} users: as given, else 4 for a few and 16 from 200 up. */
    int parallelismFor(int count) {
        return parallelism > 0 ? parallelism : count >= 200 ? 16 : 4;
    }

    /** {@code --help} or {@code -h} anywhere among the arguments. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static Options parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("Option " + args[args.length - 1] + " has no value; " + USAGE);
        }
        String workload = "direct";
        List<URI> urls = new ArrayList<>();
        Integer pairs = null;
        Integer messages = null;
        double rate = 100;
        Integer groupSize = null;
        int groups = 1;
        int users = 1000;
        int interval = 10;
        Integer duration = null;
        URI metricsUrl = URI.create("http://localhost:8086");
        int timer = 120;
        int backgroundRate = 50;
        long seed = 42;
        Double drain = null;
        int step = 1000;
        int settle = 5;
        List<Long> pids = new ArrayList<>();
        int parallelism = 0;
        int maxInFlight = 32;
        int expireWindow = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--url" -> urls.add(URI.create(value));
                case "--pairs" -> pairs = positive(args[i], value);
                case "--messages" -> messages = positive(args[i], value);
                case "--rate" -> {
                    rate = Double.parseDouble(value);
                    if (!(rate > 0)) {
                        throw new IllegalArgumentException("--rate must be positive");
                    }
                }
                case "--group-size" -> groupSize = positive(args[i], value);
                case "--groups" -> groups = positive(args[i], value);
                case "--users" -> users = positive(args[i], value);
                case "--interval" -> interval = positive(args[i], value);
                case "--duration" -> duration = positive(args[i], value);
                case "--metrics-url" -> metricsUrl = URI.create(value);
                case "--timer" -> timer = positive(args[i], value);
                case "--background-rate" -> backgroundRate = positive(args[i], value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--drain" -> drain = Double.parseDouble(value);
                case "--step" -> step = positive(args[i], value);
                case "--settle" -> settle = Integer.parseInt(value);
                case "--gateway-pid" -> pids.add(Long.parseLong(value));
                case "--parallelism" -> parallelism = positive(args[i], value);
                case "--max-in-flight" -> maxInFlight = positive(args[i], value);
                case "--expire-window" -> expireWindow = positive(args[i], value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (urls.isEmpty()) {
            urls.add(URI.create("http://localhost:8080"));
        }
        int count;
        if (messages != null) {
            count = messages;
        } else if (duration != null || workload.equals("media")) {
            count = (int) Math.max(1, Math.round(rate * (duration != null ? duration : 30)));
        } else {
            count = 1000;
        }
        int pairCount = pairs != null ? pairs
                : workload.equals("direct") ? Math.max(10, (int) Math.ceil(rate / 50)) : 10;
        return new Options(workload, urls, pairCount, count, rate, groupSize != null ? groupSize : 10, groups, users,
                interval, duration != null ? duration : 60, metricsUrl, timer, backgroundRate, seed, drain, step,
                settle, pids, parallelism, maxInFlight, expireWindow);
    }

    private static int positive(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return parsed;
    }
}

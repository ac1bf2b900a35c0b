package dev.courier.load.xmpp;

import java.net.URI;

/**
 * Command-line options, named as the Courier generator's where they mean the same.
 * <ul>
 *   <li>every workload: {@code --workload direct|group|idle}, {@code --xmpp-url} (default ws://127.0.0.1:5280/ws),
 *       {@code --domain} (default localhost), {@code --user-prefix} (default bench: users PREFIX0, PREFIX1, ... as
 *       {@code bench/ejabberd/ejabberd.sh register} creates them), {@code --password} (default bench),
 *       {@code --parallelism} (logins at once; default 4, or 16 from 200 users up);</li>
 *   <li>direct: {@code --pairs} (default max(10, rate / 50), as Courier's; sender i is PREFIX(2i), its receiver
 *       PREFIX(2i+1)), {@code --messages} (default 1,000, or rate × {@code --duration}), {@code --rate} (per second,
 *       Poisson; fractions allowed), {@code --seed}, {@code --drain} (seconds to wait for stragglers; default
 *       max(10 s, 2 × the p99 seen));</li>
 *   <li>group: {@code --group-size} (occupants, sender included; default 10), {@code --groups} (rooms; default
 *       1), {@code --muc-service} (default conference.DOMAIN); room g's sender is PREFIX(g × size), its recipients
 *       the next size - 1 users; {@code --messages}, {@code --rate}, {@code --seed} and {@code --drain} as for
 *       direct;</li>
 *   <li>idle: {@code --users}, {@code --step} (connections per step, default 1000), {@code --settle} (seconds after
 *       each step before reading memory, default 5), {@code --ejabberd-pid} (default the beam.smp process whose
 *       command line names ejabberd).</li>
 * </ul>
 */
record XmppOptions(String workload, URI url, String domain, String userPrefix, String password, int pairs,
                   int messages, double rate, long seed, Double drainSeconds, int users, int step, int settleSeconds,
                   Long ejabberdPid, int parallelism, int groupSize, int groups, String mucService) {

    static final String USAGE = "use --workload direct|group|idle --xmpp-url ws://127.0.0.1:5280/ws "
            + "--domain localhost --user-prefix bench --password bench --pairs N --messages N --rate R --duration S "
            + "--seed N --drain S --group-size N --groups N --muc-service conference.DOMAIN --users N --step N "
            + "--settle S --ejabberd-pid PID --parallelism N";

    /** Logins at once for {@code count} users: as given, else 4 for a few and 16 from 200 up. */
    int parallelismFor(int count) {
        return parallelism > 0 ? parallelism : count >= 200 ? 16 : 4;
    }

    /** The account of user number {@code index}, with a fresh resource. */
    XmppConnection.Account account(int index, String resource) {
        return new XmppConnection.Account(userPrefix + index, domain, password, resource);
    }

    static XmppOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("Option " + args[args.length - 1] + " has no value; " + USAGE);
        }
        String workload = "direct";
        URI url = URI.create("ws://127.0.0.1:5280/ws");
        String domain = "localhost";
        String prefix = "bench";
        String password = "bench";
        Integer pairs = null;
        Integer messages = null;
        Integer duration = null;
        double rate = 100;
        long seed = 42;
        Double drain = null;
        int users = 1000;
        int step = 1000;
        int settle = 5;
        Long pid = null;
        int parallelism = 0;
        int groupSize = 10;
        int groups = 1;
        String mucService = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--xmpp-url" -> url = URI.create(value);
                case "--domain" -> domain = value;
                case "--user-prefix" -> prefix = value;
                case "--password" -> password = value;
                case "--pairs" -> pairs = positive(args[i], value);
                case "--messages" -> messages = positive(args[i], value);
                case "--duration" -> duration = positive(args[i], value);
                case "--rate" -> {
                    rate = Double.parseDouble(value);
                    if (!(rate > 0)) {
                        throw new IllegalArgumentException("--rate must be positive");
                    }
                }
                case "--seed" -> seed = Long.parseLong(value);
                case "--drain" -> drain = Double.parseDouble(value);
                case "--users" -> users = positive(args[i], value);
                case "--step" -> step = positive(args[i], value);
                case "--settle" -> settle = Integer.parseInt(value);
                case "--ejabberd-pid" -> pid = Long.parseLong(value);
                case "--parallelism" -> parallelism = positive(args[i], value);
                case "--group-size" -> groupSize = positive(args[i], value);
                case "--groups" -> groups = positive(args[i], value);
                case "--muc-service" -> mucService = value;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
            }
        }
        int count = messages != null ? messages
                : duration != null ? (int) Math.max(1, Math.round(rate * duration)) : 1000;
        int pairCount = pairs != null ? pairs : Math.max(10, (int) Math.ceil(rate / 50));
        return new XmppOptions(workload, url, domain, prefix, password, pairCount, count, rate, seed, drain, users,
                step, settle, pid, parallelism, groupSize, groups,
                mucService != null ? mucService : "conference." + domain);
    }

    private static int positive(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return parsed;
    }
}

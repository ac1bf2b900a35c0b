package dev.courier.bench;

import dev.courier.bench.SaturationSearch.Step;
import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark, in phases that {@code bin/courier-bench} runs while the right system is up:
 * <pre>
 * BenchMain courier  --out DIR [--quick] [--url http://localhost:8080 ...] [--postgres-port 15432] [--kafka localhost:19092]
 * BenchMain ejabberd --out DIR [--quick] [--xmpp-url ws://127.0.0.1:5280/ws] [--domain localhost] [--postgres-port 15433]
 * BenchMain report   --out DIR --command "bin/courier-bench ..." [--latest bench-results/latest.md]
 * BenchMain steady   [--rate 100] [--messages 4000] [--runs 4] [--warmup 6000] (the A/B runs, see SteadyRuns)
 * </pre>
 * Each measuring phase writes {@code DIR/<system>.json}; the report reads them and writes report.md, report.html,
 * results.json and a copy as latest.md. {@code --skip saturation,group,media,idle,ceilings} leaves parts out;
 * {@code --idle-users N --idle-step N} change the idle ladder (default 15,000 in steps of 2,000; quick 3,000 by 1,000).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: BenchMain courier|ejabberd|report --out DIR [options]");
        }
        if (args[0].equals("steady")) {
            SteadyRuns.main(List.of(args).subList(1, args.length));
            return;
        }
        if (args[0].equals("hops")) {
            hops(List.of(args).subList(1, args.length));
            return;
        }
        Options options = Options.parse(args);
        switch (args[0]) {
            case "courier", "ejabberd" -> {
                SystemRun run = measure(options);
                Json.write(options.out().resolve(run.system() + ".json"), run);
                System.out.println("bench: " + run.system() + " done, written to " + options.out());
            }
            case "report" -> {
                SystemRun courier = read(options.out().resolve("courier.json"));
                SystemRun peer = read(options.out().resolve("ejabberd.json"));
                String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
                new Report(Machine.describe(), date, options.command(), courier, peer)
                        .write(options.out(), options.latest());
                System.out.println("bench: report in " + options.out().resolve("report.md") + " and report.html");
            }
            default -> throw new IllegalArgumentException("Unknown phase " + args[0]);
        }
        System.exit(0);
    }

    /**
     * A stack just started compiles its hot paths for minutes (JIT): a run at a modest rate, not measured, comes
     * first, so that the first steps of the search do not measure the compiler.
     */
    private static void warmUp(Workloads entry, List<String> target, int seconds, List<String> notes) {
        List<String> args = new ArrayList<>(target);
        args.addAll(List.of("--workload", "direct", "--pairs", "10", "--rate", "40", "--messages",
                String.valueOf(40 * seconds)));
        System.out.println("bench: warm-up, " + seconds + " s at 40/s (not measured)");
        try {
            entry.inThisJvm(args);
        } catch (Exception e) {
            notes.add("warm-up failed: " + e);
        }
    }

    /**
     * {@code BenchMain hops [--kafka localhost:19092] [--gateway-port 8080] [--hops 5] [--seconds 20] [--rate 100 ...]}:
     * the Kafka floor of the message path ({@link HopChain}) on the running stack's broker, at each rate.
     */
    private static void hops(List<String> args) throws Exception {
        String kafka = "localhost:19092";
        int gatewayPort = 8080;
        int hops = 5;
        int seconds = 20;
        List<Integer> rates = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--kafka" -> kafka = value;
                case "--gateway-port" -> gatewayPort = Integer.parseInt(value);
                case "--hops" -> hops = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--rate" -> rates.add(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("Unknown option " + args.get(i));
            }
        }
        long broker = ProcessCpu.launcherOfGateway(gatewayPort);
        for (int rate : rates.isEmpty() ? List.of(100, 1000) : rates) {
            System.out.println("hops: " + HopChain.run(kafka, broker, hops, rate, seconds).describe());
        }
        System.exit(0);
    }

    private static SystemRun read(Path file) throws Exception {
        return Files.isRegularFile(file) ? Json.read(file, SystemRun.class) : null;
    }

    /** Runs the saturation search, fixed steps, idle connections and (Courier) the ceilings on one system. */
    static SystemRun measure(Options options) throws Exception {
        boolean courier = options.phase().equals("courier");
        String system = courier ? "courier" : "ejabberd";
        Workloads entry = courier ? Workloads.COURIER : Workloads.XMPP;
        String started = Instant.now().toString();
        List<String> notes = new ArrayList<>();
        List<String> target = new ArrayList<>();
        if (courier) {
            options.urls().forEach(url -> target.addAll(List.of("--url", url.toString())));
        } else {
            target.addAll(List.of("--xmpp-url", options.xmppUrl(), "--domain", options.domain()));
        }
        ProcessCpu cpu = courier
                ? ProcessCpu.courier(options.postgresPort(), ProcessCpu.launcherOfGateway(options.urls().getFirst().getPort()))
                : ProcessCpu.ejabberd(options.postgresPort());
        int seconds = options.quick() ? 5 : 20;

        List<Step> steps = List.of();
        if (!options.skip().contains("saturation")) {
            warmUp(entry, target, options.quick() ? 30 : 90, notes);
            SaturationSearch search = new SaturationSearch(options.firstRate(), options.maxRate(),
                    Instant.now().plus(Duration.ofMinutes(options.quick() ? 5 : 25)));
            steps = search.run(rate -> {
                List<String> args = new ArrayList<>(target);
                args.addAll(List.of("--workload", "direct", "--pairs", String.valueOf(pairs(rate)),
                        "--rate", String.valueOf(rate), "--messages", String.valueOf(rate * seconds)));
                Map<String, ProcessCpu.Sample> before = cpu.snapshot();
                try (CpuTimeline timeline = new CpuTimeline(cpu)) {
                    WorkloadResult result = entry.inThisJvm(args);
                    Step step = Step.of(result, timeline.measuredPhase(result));
                    System.out.printf("bench: %s %d/s -> delivered %d of %d, p99 %s: %s%n", system, rate,
                            result.delivered(), result.attempted(), Report.millis(result.sendToDeliver().p99Millis()),
                            step.good() ? "good" : "not good");
                    return step;
                } catch (Exception e) {
                    notes.add("one-to-one at " + rate + "/s failed: " + e);
                    System.out.println("bench: step at " + rate + "/s failed: " + e);
                    return Step.of(failed(system, rate, rate * seconds), cpu.delta(before, cpu.snapshot()));
                }
            }, Instant::now);
        }

        List<SystemRun.Fixed> fixed = new ArrayList<>();
        if (!options.skip().contains("group")) {
            fixed(fixed, notes, "group of 10, 10 messages/s", entry, target, List.of("--workload", "group",
                    "--group-size", "10", "--groups", "5", "--rate", "10", "--messages", String.valueOf(10 * seconds)));
            fixed(fixed, notes, "group of 100, 1 message/s", entry, target, List.of("--workload", "group",
                    "--group-size", "100", "--groups", "1", "--rate", "1", "--messages", String.valueOf(seconds)));
        }
        if (!courier && !options.skip().contains("media")) {
            notes.add("media: not measured (the XMPP driver has no media workload; ejabberd would need XEP-0363)");
        }
        if (courier && !options.skip().contains("media")) {
            fixed(fixed, notes, "media: 1 MiB image upload + image message, 1/s", entry, target, List.of("--workload",
                    "media", "--pairs", "2", "--rate", "1", "--messages", String.valueOf(seconds)));
        }

        WorkloadResult idle = null;
        if (!options.skip().contains("idle")) {
            List<String> args = new ArrayList<>(target);
            args.addAll(List.of("--workload", "idle", "--users", String.valueOf(options.idleUsers()),
                    "--step", String.valueOf(options.idleStep())));
            if (courier) {
                for (URI url : options.urls()) {
                    for (long pid : ProcessCpu.pids("--server.port=" + url.getPort(), "gateway-service")) {
                        args.addAll(List.of("--gateway-pid", String.valueOf(pid)));
                    }
                }
            }
            try {
                idle = entry.inChildJvm(args);
            } catch (Exception e) {
                notes.add("idle connections failed: " + e.getMessage());
            }
        }

        List<Ceilings.Ceiling> ceilings = List.of();
        if (courier && !options.skip().contains("ceilings")) {
            ceilings = new Ceilings(options.quick()).measure(options.kafka(),
                    ProcessCpu.launcherOfGateway(options.urls().getFirst().getPort()),
                    "jdbc:postgresql://localhost:" + options.postgresPort() + "/postgres", "postgres", "postgres");
        }
        return new SystemRun(system, started, Instant.now().toString(), options.quick(), steps, fixed, idle,
                ceilings, notes);
    }

    /** Pairs of users for a rate: one message every 50 ms or slower per pair, at least 10 and at most 200 pairs. */
    static int pairs(int rate) {
        return Math.clamp(rate / 20, 10, 200);
    }

    private static void fixed(List<SystemRun.Fixed> fixed, List<String> notes, String label, Workloads entry,
                              List<String> target, List<String> workload) {
        List<String> args = new ArrayList<>(target);
        args.addAll(workload);
        try {
            fixed.add(new SystemRun.Fixed(label, entry.inThisJvm(args)));
        } catch (Exception e) {
            notes.add(label + ": not measured (" + e.getMessage() + ")");
            System.out.println("bench: " + label + " not measured: " + e);
        }
    }

    private static WorkloadResult failed(String system, int rate, long attempted) {
        return new WorkloadResult(system, "direct", rate, attempted, 0, attempted, 0, 0, 0, Latency.NONE,
                Latency.NONE, Latency.NONE, Map.of("failed", 1.0));
    }

    record Options(String phase, Path out, boolean quick, List<URI> urls, String xmppUrl, String domain,
                   int postgresPort, String kafka, int firstRate, int maxRate, Set<String> skip, String command,
                   Path latest, int idleUsers, int idleStep) {

        static Options parse(String[] args) {
            String phase = args[0];
            Path out = null;
            boolean quick = false;
            List<URI> urls = new ArrayList<>();
            String xmppUrl = "ws://127.0.0.1:5280/ws";
            String domain = "localhost";
            Integer postgresPort = null;
            String kafka = "localhost:19092";
            int firstRate = 50;
            int maxRate = 51_200;
            Set<String> skip = Set.of();
            String command = "bin/courier-bench";
            Path latest = Path.of("bench-results", "latest.md");
            Integer idleUsers = null;
            Integer idleStep = null;
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--quick")) {
                    quick = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--out" -> out = Path.of(value);
                    case "--url" -> urls.add(URI.create(value));
                    case "--xmpp-url" -> xmppUrl = value;
                    case "--domain" -> domain = value;
                    case "--postgres-port" -> postgresPort = Integer.parseInt(value);
                    case "--kafka" -> kafka = value;
                    case "--first-rate" -> firstRate = Integer.parseInt(value);
                    case "--max-rate" -> maxRate = Integer.parseInt(value);
                    case "--skip" -> skip = Set.of(value.split(","));
                    case "--command" -> command = value;
                    case "--latest" -> latest = Path.of(value);
                    case "--idle-users" -> idleUsers = Integer.parseInt(value);
                    case "--idle-step" -> idleStep = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("Unknown option " + option);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            if (urls.isEmpty()) {
                urls = List.of(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"));
            }
            int port = postgresPort != null ? postgresPort : phase.equals("ejabberd") ? 15433 : 15432;
            return new Options(phase, out, quick, urls, xmppUrl, domain, port, kafka, firstRate, maxRate, skip,
                    command, latest, idleUsers != null ? idleUsers : quick ? 3000 : 15000,
                    idleStep != null ? idleStep : quick ? 1000 : 2000);
        }
    }
}

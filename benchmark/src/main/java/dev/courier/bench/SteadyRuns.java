package dev.courier.bench;

import dev.courier.load.WorkloadResult;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The A/B measurement of docs/performance.md: on a stack that is already running, a warm-up (not measured), then the
 * same one-to-one run several times, each with the CPU seconds of every process of the stack from {@code /proc} over
 * its measured phase and the latency percentiles. The first measured run is reported but left out of the averages
 * (JIT still settling).
 * <pre>
 * BenchMain steady [--url http://localhost:8080 ...] [--postgres-port 15432] [--rate 100] [--messages 4000]
 *                  [--runs 4] [--warmup 6000] [--pairs N] [--idle SECONDS] [--out FILE.json]
 * </pre>
 */
final class SteadyRuns {

    private SteadyRuns() {
    }

    record Run(int rate, WorkloadResult result, Map<String, Double> cpuSeconds) {
    }

    static void main(List<String> args) throws Exception {
        List<URI> urls = new ArrayList<>();
        int postgresPort = 15432;
        int rate = 100;
        int messages = 4000;
        int runs = 4;
        int warmup = 6000;
        Integer pairs = null;
        int idleSeconds = 0;
        Path out = null;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option " + args.get(i) + " needs a value");
            }
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--url" -> urls.add(URI.create(value));
                case "--postgres-port" -> postgresPort = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--messages" -> messages = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--pairs" -> pairs = Integer.parseInt(value);
                case "--idle" -> idleSeconds = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + args.get(i));
            }
        }
        if (urls.isEmpty()) {
            urls = List.of(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"));
        }
        List<String> target = new ArrayList<>();
        urls.forEach(url -> target.addAll(List.of("--url", url.toString())));
        int pairCount = pairs != null ? pairs : BenchMain.pairs(rate);
        ProcessCpu cpu = ProcessCpu.courier(postgresPort, ProcessCpu.launcherOfGateway(urls.getFirst().getPort()));

        if (warmup > 0) {
            List<String> warm = new ArrayList<>(target);
            warm.addAll(List.of("--workload", "direct", "--pairs", String.valueOf(pairCount), "--rate",
                    String.valueOf(Math.min(rate, 100)), "--messages", String.valueOf(warmup)));
            System.out.println("steady: warm-up, " + warmup + " messages (not measured)");
            Workloads.COURIER.inThisJvm(warm);
        }
        if (idleSeconds > 0) {
            System.out.print(idle(cpu, idleSeconds));
        }
        List<Run> measured = new ArrayList<>();
        for (int n = 1; n <= runs; n++) {
            List<String> run = new ArrayList<>(target);
            run.addAll(List.of("--workload", "direct", "--pairs", String.valueOf(pairCount), "--rate",
                    String.valueOf(rate), "--messages", String.valueOf(messages), "--seed", String.valueOf(41 + n)));
            try (CpuTimeline timeline = new CpuTimeline(cpu)) {
                WorkloadResult result = Workloads.COURIER.inThisJvm(run);
                Run done = new Run(rate, result, timeline.measuredPhase(result));
                measured.add(done);
                System.out.print(describe(n, done));
            }
        }
        System.out.print(averages(measured));
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Json.write(out, measured);
        }
        System.exit(0);
    }

    /** CPU of the stack with no client traffic at all, over {@code seconds}: the cost of being up. */
    static String idle(ProcessCpu cpu, int seconds) throws InterruptedException {
        Thread.sleep(5_000); // the warm-up's stragglers and acknowledgements
        var before = cpu.snapshot();
        Thread.sleep(seconds * 1000L);
        Map<String, Double> spent = cpu.delta(before, cpu.snapshot());
        StringBuilder text = new StringBuilder(String.format("steady: idle for %d s, CPU s:", seconds));
        new TreeMap<>(spent).forEach((group, cpuSeconds) -> text.append(String.format(" %s %.2f;", group,
                cpuSeconds)));
        return text.append(String.format("%n  idle cores: %.3f%n", spent.getOrDefault("total", 0.0) / seconds))
                .toString();
    }

    static String describe(int n, Run run) {
        WorkloadResult result = run.result();
        StringBuilder text = new StringBuilder(String.format(
                "steady run %d at %d/s: delivered %d of %d, duplicates %d, order violations %d%n", n, run.rate(),
                result.delivered(), result.attempted(), result.duplicates(), result.orderViolations()));
        text.append(String.format("  send->deliver p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms; send->sent p99 %.1f; "
                        + "send->delivered receipt p99 %.1f%n", result.sendToDeliver().p50Millis(),
                result.sendToDeliver().p99Millis(), result.sendToDeliver().p999Millis(),
                result.sendToDeliver().maxMillis(), result.sendToSent().p99Millis(),
                result.sendToDeliveredReceipt().p99Millis()));
        text.append("  CPU s:");
        new TreeMap<>(run.cpuSeconds()).forEach((group, seconds) -> text.append(String.format(" %s %.2f;", group,
                seconds)));
        text.append(String.format("%n  CPU s per 1,000 delivered: %.2f%n",
                run.cpuSeconds().getOrDefault("total", 0.0) * 1000 / Math.max(1, result.delivered())));
        return text.toString();
    }

    /** Averages over the runs after the first. */
    static String averages(List<Run> runs) {
        List<Run> counted = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
        Map<String, Double> cpu = new TreeMap<>();
        double delivered = 0;
        double p50 = 0;
        double p99 = 0;
        double p999 = 0;
        long duplicates = 0;
        for (Run run : counted) {
            run.cpuSeconds().forEach((group, seconds) -> cpu.merge(group, seconds / counted.size(), Double::sum));
            delivered += (double) run.result().delivered() / counted.size();
            p50 += run.result().sendToDeliver().p50Millis() / counted.size();
            p99 += run.result().sendToDeliver().p99Millis() / counted.size();
            p999 += run.result().sendToDeliver().p999Millis() / counted.size();
            duplicates += run.result().duplicates();
        }
        StringBuilder text = new StringBuilder(String.format("steady: average of %d run(s) after the first: "
                + "send->deliver p50 %.1f p99 %.1f p99.9 %.1f ms, duplicates %d%n  CPU s per run:", counted.size(),
                p50, p99, p999, duplicates));
        cpu.forEach((group, seconds) -> text.append(String.format(" %s %.2f;", group, seconds)));
        text.append(String.format("%n  CPU s per 1,000 delivered: %.2f%n",
                cpu.getOrDefault("total", 0.0) * 1000 / Math.max(1, delivered)));
        return text.toString();
    }
}

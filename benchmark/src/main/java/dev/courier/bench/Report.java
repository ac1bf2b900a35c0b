package dev.courier.bench;

import dev.courier.bench.SaturationSearch.Step;
import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The benchmark report: {@code report.md} (machine, date, commit, command; one table with Courier and ejabberd side
 * by side and their ratio; then every step, CPU by process group, idle memory, fixed steps and the machine's
 * ceilings), {@code report.html} (the same with plots as inline SVG) and {@code results.json} (the raw runs).
 */
final class Report {

    private static final String COURIER_COLOUR = "#1f6fb4";
    private static final String PEER_COLOUR = "#c8372d";

    private final Machine machine;
    private final String date;
    private final String command;
    private final SystemRun courier;
    private final SystemRun peer;

    /** Either run may be null (not measured). */
    Report(Machine machine, String date, String command, SystemRun courier, SystemRun peer) {
        this.machine = machine;
        this.date = date;
        this.command = command;
        this.courier = courier;
        this.peer = peer;
    }

    void write(Path directory, Path latest) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("report.md"), markdown());
        Files.writeString(directory.resolve("report.html"), html());
        Map<String, SystemRun> runs = new LinkedHashMap<>();
        runs().forEach(run -> runs.put(run.system(), run));
        Json.write(directory.resolve("results.json"), runs);
        Files.createDirectories(latest.toAbsolutePath().getParent());
        Files.writeString(latest, markdown());
    }

    private List<SystemRun> runs() {
        return Stream.of(courier, peer).filter(Objects::nonNull).toList();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Courier benchmark, ").append(date).append("\n\n");
        out.append(header()).append('\n');
        out.append("## Summary\n\n").append(summary().markdown()).append('\n').append(summaryNote()).append("\n\n");
        for (Section section : sections()) {
            out.append("## ").append(section.title()).append("\n\n");
            if (!section.text().isBlank()) {
                out.append(section.text()).append("\n\n");
            }
            for (Table table : section.tables()) {
                out.append(table.markdown()).append('\n');
            }
        }
        notes().ifPresent(notes -> out.append("## Notes\n\n").append(notes).append('\n'));
        return out.toString();
    }

    String html() {
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Courier benchmark</title>
                <style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}
                table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;
                text-align:left;font-size:13px}th{background:#f3f3f3}code{background:#f3f3f3}</style></head><body>
                """);
        out.append("<h1>Courier benchmark, ").append(Table.escape(date)).append("</h1>\n<pre>")
                .append(Table.escape(header())).append("</pre>\n");
        out.append("<h2>Summary</h2>\n").append(summary().html()).append("<p>").append(Table.escape(summaryNote()))
                .append("</p>\n");
        out.append(latencyPlot()).append(memoryPlot());
        for (Section section : sections()) {
            out.append("<h2>").append(Table.escape(section.title())).append("</h2>\n");
            if (!section.text().isBlank()) {
                out.append("<p>").append(Table.escape(section.text())).append("</p>\n");
            }
            section.tables().forEach(table -> out.append(table.html()));
        }
        notes().ifPresent(notes -> out.append("<h2>Notes</h2><pre>").append(Table.escape(notes)).append("</pre>\n"));
        return out.append("</body></html>\n").toString();
    }

    private String header() {
        boolean quick = runs().stream().anyMatch(SystemRun::quick);
        return "- Machine: " + machine.cpu() + ", " + machine.memory() + " memory, Linux " + machine.kernel() + ", "
                + machine.java() + "\n"
                + "- Date: " + date + "\n"
                + "- Commit: " + machine.commit() + "\n"
                + "- Command: `" + command + "`" + (quick ? " (quick: 5 s steps, short idle ladder)" : "") + "\n"
                + "- Measured: " + String.join(", ", runs().stream().map(run -> run.system() + " "
                + clock(run.started()) + "–" + clock(run.finished()) + " UTC").toList()) + "\n";
    }

    /** "13:05" from an ISO instant. */
    private static String clock(String instant) {
        return instant != null && instant.length() >= 16 ? instant.substring(11, 16) : "?";
    }

    private static String summaryNote() {
        return "A step is good when at least 99.9% of its messages arrived and p99 send → deliver is at most 500 ms. "
                + "Latencies run from the scheduled (open-loop, Poisson) send time. Ratio = Courier ÷ ejabberd: "
                + "above 1 is better for rates, below 1 is better for latency, CPU and memory.";
    }

    // ---- summary --------------------------------------------------------------------------------------------

    Table summary() {
        Table table = new Table("", "Courier", "ejabberd", "ratio");
        Optional<Integer> courierMax = maxGood(courier);
        Optional<Integer> peerMax = maxGood(peer);
        row(table, "max good one-to-one rate (msg/s)", courierMax.map(Integer::doubleValue),
                peerMax.map(Integer::doubleValue), Report::number);
        Optional<Integer> reference = referenceRate();
        String at = reference.map(rate -> " at " + number(rate) + "/s").orElse("");
        Optional<Step> courierStep = reference.flatMap(rate -> stepAt(courier, rate));
        Optional<Step> peerStep = reference.flatMap(rate -> stepAt(peer, rate));
        latencyRows(table, "send → deliver", at, courierStep.map(s -> s.result().sendToDeliver()),
                peerStep.map(s -> s.result().sendToDeliver()));
        latencyRows(table, "send → sent (XMPP: XEP-0198 ack)", at, courierStep.map(s -> s.result().sendToSent()),
                peerStep.map(s -> s.result().sendToSent()));
        latencyRows(table, "send → delivered receipt (XMPP: XEP-0184)", at,
                courierStep.map(s -> s.result().sendToDeliveredReceipt()),
                peerStep.map(s -> s.result().sendToDeliveredReceipt()));
        row(table, "CPU s per 1,000 messages" + at, courierStep.map(s -> s.cpuPerThousand("total")),
                peerStep.map(s -> s.cpuPerThousand("total")), v -> String.format(Locale.ROOT, "%.2f", v));
        row(table, "gateway memory per idle connection", bytesPerConnection(courier), bytesPerConnection(peer),
                Report::bytes);
        row(table, "idle connections held", connections(courier), connections(peer), Report::number);
        List<String> labels = runs().stream().flatMap(run -> run.fixed().stream()).map(SystemRun.Fixed::label)
                .distinct().toList();
        for (String label : labels) {
            Optional<WorkloadResult> c = fixedResult(courier, label);
            Optional<WorkloadResult> p = fixedResult(peer, label);
            row(table, label + ": delivered/s", c.filter(r -> r.seconds() > 0).map(r -> r.delivered() / r.seconds()),
                    p.filter(r -> r.seconds() > 0).map(r -> r.delivered() / r.seconds()), Report::number);
            row(table, label + ": p99 send → deliver",
                    c.filter(r -> r.sendToDeliver().count() > 0).map(r -> r.sendToDeliver().p99Millis()),
                    p.filter(r -> r.sendToDeliver().count() > 0).map(r -> r.sendToDeliver().p99Millis()),
                    Report::millis);
        }
        return table;
    }

    private static Optional<WorkloadResult> fixedResult(SystemRun run, String label) {
        return run == null ? Optional.empty() : run.fixed().stream().filter(f -> f.label().equals(label))
                .map(SystemRun.Fixed::result).findFirst();
    }

    private void latencyRows(Table table, String what, String at, Optional<Latency> courierLatency,
                             Optional<Latency> peerLatency) {
        Function<Latency, Optional<Double>> p50 = l -> l.count() == 0 ? Optional.empty() : Optional.of(l.p50Millis());
        Function<Latency, Optional<Double>> p99 = l -> l.count() == 0 ? Optional.empty() : Optional.of(l.p99Millis());
        Function<Latency, Optional<Double>> p999 = l -> l.count() == 0 ? Optional.empty()
                : Optional.of(l.p999Millis());
        row(table, what + " p50" + at, courierLatency.flatMap(p50), peerLatency.flatMap(p50), Report::millis);
        row(table, what + " p99" + at, courierLatency.flatMap(p99), peerLatency.flatMap(p99), Report::millis);
        row(table, what + " p99.9" + at, courierLatency.flatMap(p999), peerLatency.flatMap(p999), Report::millis);
    }

    private static void row(Table table, String what, Optional<Double> courierValue, Optional<Double> peerValue,
                            Function<Double, String> format) {
        String ratio = courierValue.isPresent() && peerValue.isPresent() && peerValue.get() != 0
                && Double.isFinite(courierValue.get()) && Double.isFinite(peerValue.get())
                ? String.format(Locale.ROOT, "%.2f", courierValue.get() / peerValue.get()) : "–";
        table.row(what, courierValue.filter(Double::isFinite).map(format).orElse("–"),
                peerValue.filter(Double::isFinite).map(format).orElse("–"), ratio);
    }

    static Optional<Integer> maxGood(SystemRun run) {
        return run == null ? Optional.empty() : SaturationSearch.lastGoodRate(run.steps());
    }

    /** The highest rate both systems sustained; else the lowest rate both ran; else one system's best or first. */
    Optional<Integer> referenceRate() {
        List<SystemRun> runs = runs();
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<Integer> commonGood = null;
        TreeSet<Integer> commonRun = null;
        for (SystemRun run : runs) {
            TreeSet<Integer> good = new TreeSet<>(run.steps().stream().filter(Step::good).map(Report::rate).toList());
            TreeSet<Integer> all = new TreeSet<>(run.steps().stream().map(Report::rate).toList());
            if (commonGood == null) {
                commonGood = good;
                commonRun = all;
            } else {
                commonGood.retainAll(good);
                commonRun.retainAll(all);
            }
        }
        if (!commonGood.isEmpty()) {
            return Optional.of(commonGood.last());
        }
        return commonRun.isEmpty() ? Optional.empty() : Optional.of(commonRun.first());
    }

    private static Optional<Step> stepAt(SystemRun run, int rate) {
        return run == null ? Optional.empty() : run.steps().stream().filter(step -> rate(step) == rate).findFirst();
    }

    private static int rate(Step step) {
        return (int) Math.round(step.result().offeredRate());
    }

    /** The fitted slope, when at least two steps with connections were measured. */
    private static Optional<Double> bytesPerConnection(SystemRun run) {
        if (rssSteps(run).tailMap(1).size() < 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(run.idle().extra().get("rssBytesPerConnection"));
    }

    private static Optional<Double> connections(SystemRun run) {
        return run == null || run.idle() == null ? Optional.empty()
                : Optional.ofNullable(run.idle().extra().get("connections"));
    }

    // ---- detail sections -------------------------------------------------------------------------------------

    private record Section(String title, String text, List<Table> tables) {
    }

    private List<Section> sections() {
        List<Section> sections = new ArrayList<>();
        for (SystemRun run : runs()) {
            sections.add(new Section(run.system() + ": one-to-one saturation steps",
                    "Every step of the search, in the order run. Latencies in ms; CPU is every process of the "
                            + "system during the step's measured phase (sends and drain; not the users' registration or "
                            + "the warm-up), sampled every 250 ms, per 1,000 delivered messages.", List.of(steps(run))));
            if (!run.steps().isEmpty()) {
                sections.add(new Section(run.system() + ": CPU seconds per 1,000 messages, by process group", "",
                        List.of(cpuByGroup(run))));
            }
        }
        Table idle = idle();
        if (!idle.isEmpty()) {
            sections.add(new Section("Idle connections: resident memory (RSS) of the server processes", "",
                    List.of(idle)));
        }
        Table fixed = fixed();
        if (!fixed.isEmpty()) {
            sections.add(new Section("Group fan-out and media, one fixed step each", "", List.of(fixed)));
        }
        runs().stream().filter(run -> run.ceilings() != null && !run.ceilings().isEmpty()).findFirst()
                .ifPresent(run -> {
                    Table table = new Table("ceiling", "how", "result");
                    run.ceilings().forEach(c -> table.row(c.what(), c.how(), c.result()));
                    sections.add(new Section("Ceilings of this machine", "Measured by the same command, for "
                            + "context: the best a bare WebSocket server, the broker and the database do here.",
                            List.of(table)));
                });
        return sections;
    }

    static Table steps(SystemRun run) {
        Table table = new Table("offered/s", "sent", "delivered", "lost", "dup", "order", "deliver p50", "p99",
                "p99.9", "max", "sent p99", "receipt p99", "CPU s/1k", "good");
        for (Step step : run.steps()) {
            WorkloadResult r = step.result();
            Latency deliver = r.sendToDeliver();
            boolean measured = deliver.count() > 0;
            table.row(number(r.offeredRate()), number(r.attempted()), number(r.delivered()), number(r.lost()),
                    number(r.duplicates()), number(r.orderViolations()), measured ? millis(deliver.p50Millis()) : "–",
                    measured ? millis(deliver.p99Millis()) : "–", measured ? millis(deliver.p999Millis()) : "–",
                    measured ? millis(deliver.maxMillis()) : "–", latencyP99(r.sendToSent()),
                    latencyP99(r.sendToDeliveredReceipt()), cpu(step.cpuPerThousand("total")),
                    step.good() ? "yes" : "no");
        }
        return table;
    }

    private static Table cpuByGroup(SystemRun run) {
        List<String> header = new ArrayList<>(List.of("process group"));
        run.steps().forEach(step -> header.add(number(step.result().offeredRate()) + "/s"));
        Table table = new Table(header.toArray(String[]::new));
        TreeSet<String> groups = new TreeSet<>();
        run.steps().forEach(step -> groups.addAll(step.cpuSeconds().keySet()));
        groups.remove("total");
        groups.add("total");
        for (String group : groups) {
            List<String> cells = new ArrayList<>(List.of(group));
            run.steps().forEach(step -> cells.add(cpu(step.cpuPerThousand(group))));
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    private Table idle() {
        TreeMap<Integer, String[]> rows = new TreeMap<>();
        List<SystemRun> runs = runs();
        for (int i = 0; i < runs.size(); i++) {
            for (Map.Entry<Integer, Double> point : rssSteps(runs.get(i)).entrySet()) {
                String[] cells = rows.computeIfAbsent(point.getKey(), k -> new String[runs.size()]);
                cells[i] = bytes(point.getValue());
            }
        }
        List<String> header = new ArrayList<>(List.of("connections"));
        runs.forEach(run -> header.add(run.system() + " RSS"));
        Table table = new Table(header.toArray(String[]::new));
        rows.forEach((connections, cells) -> {
            List<String> row = new ArrayList<>(List.of(number(connections)));
            for (String cell : cells) {
                row.add(cell == null ? "–" : cell);
            }
            table.row(row.toArray(String[]::new));
        });
        return table;
    }

    /** Connections → RSS bytes, from the idle result's "rssBytes@N" figures. */
    static TreeMap<Integer, Double> rssSteps(SystemRun run) {
        TreeMap<Integer, Double> points = new TreeMap<>();
        if (run != null && run.idle() != null) {
            run.idle().extra().forEach((key, value) -> {
                if (key.startsWith("rssBytes@")) {
                    points.put(Integer.parseInt(key.substring("rssBytes@".length())), value);
                }
            });
        }
        return points;
    }

    private Table fixed() {
        Table table = new Table("system", "step", "offered/s", "expected", "delivered", "lost", "dup",
                "throughput/s", "deliver p50", "p99", "p99.9", "figures");
        for (SystemRun run : runs()) {
            for (SystemRun.Fixed fixed : run.fixed()) {
                WorkloadResult r = fixed.result();
                String figures = String.join(", ", new TreeMap<>(r.extra()).entrySet().stream()
                        .filter(e -> e.getValue() != 0).map(e -> e.getKey() + " " + number(e.getValue())).toList());
                table.row(run.system(), fixed.label(), number(r.offeredRate()), number(r.attempted()),
                        number(r.delivered()), number(r.lost()), number(r.duplicates()),
                        r.seconds() > 0 ? number(r.delivered() / r.seconds()) : "–",
                        r.sendToDeliver().count() > 0 ? millis(r.sendToDeliver().p50Millis()) : "–",
                        latencyP99(r.sendToDeliver()),
                        r.sendToDeliver().count() > 0 ? millis(r.sendToDeliver().p999Millis()) : "–", figures);
            }
        }
        return table;
    }

    private Optional<String> notes() {
        StringBuilder notes = new StringBuilder();
        for (SystemRun run : runs()) {
            if (run.idle() != null && run.idle().lost() > 0) {
                notes.append("- ").append(run.system()).append(": idle connections stopped at ")
                        .append(number(run.idle().delivered())).append(" of ").append(number(run.idle().attempted()))
                        .append(" (see the generator's output)\n");
            }
            run.notes().forEach(note -> notes.append("- ").append(run.system()).append(": ").append(note).append('\n'));
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(notes.toString());
    }

    // ---- plots -----------------------------------------------------------------------------------------------

    private String latencyPlot() {
        List<Svg.Series> series = new ArrayList<>();
        for (SystemRun run : runs()) {
            String colour = run == courier ? COURIER_COLOUR : PEER_COLOUR;
            List<Step> sorted = run.steps().stream()
                    .sorted((a, b) -> Double.compare(a.result().offeredRate(), b.result().offeredRate())).toList();
            series.add(new Svg.Series(run.system() + " p50", colour, "", points(sorted, l -> l.p50Millis())));
            series.add(new Svg.Series(run.system() + " p99", colour, "6 3", points(sorted, l -> l.p99Millis())));
            series.add(new Svg.Series(run.system() + " p99.9", colour, "2 3", points(sorted, l -> l.p999Millis())));
        }
        if (series.stream().allMatch(s -> s.points().isEmpty())) {
            return "";
        }
        return "<h2>Send → deliver latency vs offered rate</h2>\n" + Svg.plot("send → deliver (dashed grey: 500 ms)",
                "offered rate (messages/s)", "latency (ms)", true, true, series, 500.0);
    }

    private static List<double[]> points(List<Step> steps, Function<Latency, Double> percentile) {
        return steps.stream().filter(step -> step.result().sendToDeliver().count() > 0)
                .map(step -> new double[] {step.result().offeredRate(),
                        Math.max(0.1, percentile.apply(step.result().sendToDeliver()))})
                .toList();
    }

    private String memoryPlot() {
        List<Svg.Series> series = new ArrayList<>();
        for (SystemRun run : runs()) {
            List<double[]> points = rssSteps(run).entrySet().stream()
                    .map(e -> new double[] {e.getKey(), e.getValue() / 1024 / 1024}).toList();
            if (!points.isEmpty()) {
                series.add(new Svg.Series(run.system(), run == courier ? COURIER_COLOUR : PEER_COLOUR, "", points));
            }
        }
        if (series.isEmpty()) {
            return "";
        }
        return "<h2>Resident memory vs idle connections</h2>\n" + Svg.plot("server RSS (Courier: all gateways)",
                "idle connections", "RSS (MiB)", false, false, series, null);
    }

    // ---- formatting ------------------------------------------------------------------------------------------

    static String millis(double millis) {
        if (!Double.isFinite(millis)) {
            return "–";
        }
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        return String.format(Locale.ROOT, millis >= 100 ? "%.0f ms" : millis >= 10 ? "%.1f ms" : "%.2f ms", millis);
    }

    private static String latencyP99(Latency latency) {
        return latency.count() == 0 ? "–" : millis(latency.p99Millis());
    }

    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if (value == Math.rint(value) || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    static String bytes(double bytes) {
        if (!Double.isFinite(bytes)) {
            return "–";
        }
        if (Math.abs(bytes) >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024 / 1024);
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }

    private static String cpu(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.2f", seconds) : "–";
    }
}

package dev.courier.bench;

import dev.courier.bench.SaturationSearch.Step;
import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.courier.bench.SaturationSearchTest.direct;
import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static SystemRun run(String system, int maxGood, double bytesPerConnection) {
        List<Step> steps = List.of(50, 100, 200, 400).stream()
                .map(rate -> Step.of(direct(system, rate, rate * 5L, rate * 5L, rate <= maxGood ? rate / 10.0 : 900),
                        Map.of("total", rate / 100.0, "postgres", rate / 400.0)))
                .toList();
        WorkloadResult idle = new WorkloadResult(system, "idle", 0, 3000, 3000, 0, 0, 0, 30, Latency.NONE,
                Latency.NONE, Latency.NONE, Map.of("connections", 3000.0, "rssBytesPerConnection", bytesPerConnection,
                "rssBytes@1000", 200e6, "rssBytes@2000", 200e6 + 1000 * bytesPerConnection,
                "rssBytes@3000", 200e6 + 2000 * bytesPerConnection));
        WorkloadResult group = new WorkloadResult(system, "group", 10, 450, 450, 0, 0, 0, 5,
                new Latency(450, 30, 60, 70, 80), Latency.NONE, Latency.NONE, Map.of());
        return new SystemRun(system, "2026-11-28T13:00:00Z", "2026-11-28T13:10:00Z", true, steps,
                List.of(new SystemRun.Fixed("group of 10, 10 messages/s", group)), idle,
                system.equals("courier") ? List.of(new Ceilings.Ceiling("Kafka produce → consume round trip", "acks=all",
                        "p50 1.10 ms, p99 3.00 ms, p99.9 4.00 ms")) : List.of(),
                List.of());
    }

    @Test
    void putsBothSystemsSideBySideWithRatiosAtTheHighestRateBothSustain(@TempDir Path directory) throws Exception {
        Machine machine = new Machine("2 × Test CPU", "23.4 GiB", "6.1.0", "Temurin 25", "abc1234");
        Report report = new Report(machine, "2026-11-28 13:10 UTC", "bin/courier-bench --quick",
                run("courier", 200, 10_240), run("ejabberd", 100, 40_960));

        String markdown = report.markdown();
        assertThat(markdown)
                .contains("2 × Test CPU, 23.4 GiB memory")
                .contains("`bin/courier-bench --quick`")
                .contains("| max good one-to-one rate (msg/s) | 200 | 100 | 2.00 |")
                .contains("| send → deliver p99 at 100/s | 10.0 ms | 10.0 ms | 1.00 |")
                .contains("| gateway memory per idle connection | 10.0 KiB | 40.0 KiB | 0.25 |")
                .contains("| 400 | 2,000 | 2,000 | 0 | 0 | 0 | 300 ms | 900 ms |")
                .contains("| group of 10, 10 messages/s: delivered/s | 90 | 90 | 1.00 |")
                .contains("Kafka produce → consume round trip")
                .contains("group of 10, 10 messages/s");

        Path latest = directory.resolve("latest.md");
        report.write(directory.resolve("run"), latest);
        assertThat(Files.readString(latest)).isEqualTo(markdown);
        String html = Files.readString(directory.resolve("run/report.html"));
        assertThat(html).contains("<svg").contains("courier p99").contains("ejabberd p99.9").contains("RSS (MiB)");
        SystemRun back = Json.read(directory.resolve("run/courier.json").getParent().resolve("results.json"),
                ResultsFile.class).courier();
        assertThat(back.steps()).hasSize(4);
        assertThat(back.idle().extra()).containsEntry("rssBytesPerConnection", 10_240.0);
    }

    @Test
    void reportsOneSystemAlone(@TempDir Path directory) throws Exception {
        Machine machine = new Machine("2 × Test CPU", "1.0 GiB", "6.1.0", "Temurin 25", "abc1234");
        String markdown = new Report(machine, "today", "bin/courier-bench --no-ejabberd", run("courier", 100, 5000),
                null).markdown();
        assertThat(markdown).contains("| max good one-to-one rate (msg/s) | 100 | – | – |")
                .contains("| send → deliver p99 at 100/s | 10.0 ms | – | – |")
                .doesNotContain("ejabberd RSS");
    }

    record ResultsFile(SystemRun courier, SystemRun ejabberd) {
    }
}

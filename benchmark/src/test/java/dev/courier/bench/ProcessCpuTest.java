package dev.courier.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void groupsCourierAndEjabberdProcessesByCommandLine() {
        assertThat(ProcessCpu.courierGroup("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx256m -jar "
                + "/work/main/gateway-service/target/gateway-service.jar --server.port=8080")).isEqualTo("gateway-service");
        assertThat(ProcessCpu.courierGroup("/usr/bin/java -Xmx512m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar"))
                .isEqualTo("local-stack (Kafka broker)");
        assertThat(ProcessCpu.courierGroup("/usr/bin/java -jar load-generator-exec.jar")).isNull();
        assertThat(ProcessCpu.ejabberdGroup("/usr/lib/erlang/erts-13.1.5/bin/beam.smp -K true -- -root /usr/lib/erlang"))
                .isEqualTo("ejabberd (beam.smp)");
        Function<Path, String> noFile = file -> "";
        assertThat(ProcessCpu.isPostmaster("/tmp/embedded-pg/PG-1/bin/postgres -D /tmp/perf-data/postgres -p 15432 -F",
                15432, noFile)).isTrue();
        assertThat(ProcessCpu.isPostmaster("/tmp/embedded-pg/PG-1/bin/postgres -D /x -p 15433", 15432, noFile)).isFalse();
        assertThat(ProcessCpu.isPostmaster("postgres: postgres auth 127.0.0.1(32974) idle", 15432, noFile)).isFalse();
        Function<Path, String> pidFile = file -> file.equals(Path.of("/data/pg/postmaster.pid"))
                ? "4702\n/data/pg\n1764300000\n15433\n/var/run/postgresql\n" : "";
        assertThat(ProcessCpu.isPostmaster("/usr/lib/postgresql/15/bin/postgres -D /data/pg", 15433, pidFile)).isTrue();
        assertThat(ProcessCpu.isPostmaster("/usr/lib/postgresql/15/bin/postgres -D /data/pg", 15432, pidFile)).isFalse();
    }

    @Test
    void deltaPerGroupCountsNewProcessesInFullAndTellsReusedPidsApart() {
        Map<String, ProcessCpu.Sample> before = Map.of(
                "10:100", new ProcessCpu.Sample("gateway-service", 1_000),
                "11:100", new ProcessCpu.Sample("postgres", 50));
        Map<String, ProcessCpu.Sample> after = Map.of(
                "10:100", new ProcessCpu.Sample("gateway-service", 1_300),
                "11:900", new ProcessCpu.Sample("postgres", 20),
                "12:950", new ProcessCpu.Sample("postgres", 30));
        Map<String, Double> seconds = ProcessCpu.delta(before, after, 100);
        assertThat(seconds).containsEntry("gateway-service", 3.0).containsEntry("postgres", 0.5)
                .containsEntry("total", 3.5);
    }
}

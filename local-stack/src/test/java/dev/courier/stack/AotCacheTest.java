package dev.courier.stack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AOT cache on a real JDK 25 with a tiny stand-in service ({@link FakeBootTools}): a training run writes it, and
 * the next start runs with it without a complaint from the JVM.
 */
class AotCacheTest {

    static final List<String> OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC");

    @TempDir
    Path root;
    ServiceJar jar;
    AotCache cache;

    @BeforeEach
    void fakeService() throws IOException {
        assumeTrue(Runtime.version().feature() >= JavaRuntime.FIRST_WITH_AOT_CACHE, "AOT cache options need JDK 25");
        FakeBootTools.writeJar(root, "parser-service");
        jar = ServiceJar.of(root, "parser-service");
        cache = AotCache.of(jar, OPTIONS).orElseThrow();
    }

    @Test
    void aTrainingRunWritesTheCacheAndTheNextStartUsesIt() throws Exception {
        assertThat(jar.javaCommand(OPTIONS)).as("nothing trained yet").noneMatch(o -> o.startsWith("-XX:AOTCache"));

        Path output = cache.newOutput();
        List<String> training = new ArrayList<>(OPTIONS);
        training.addAll(cache.trainingOptions(output, OPTIONS));
        assertThat(run(jar.command(training))).contains("started");
        assertThat(cache.keep(output)).isTrue();

        List<String> command = jar.javaCommand(OPTIONS);
        assertThat(command).contains("-XX:AOTCache=" + cache.file());
        assertThat(run(command)).contains("started").doesNotContain("[error").doesNotContain("Unable to use AOT cache");
    }

    @Test
    void aTrainingRunWithoutOutputLeavesNoCache() {
        assertThat(cache.keep(cache.newOutput())).isFalse();
        assertThat(cache.exists()).isFalse();
        assertThat(cache.useOptions()).isEmpty();
    }

    @Test
    void trainingSkipsC2UnlessTheOptionsChooseTheirJitAlready() {
        Path output = cache.newOutput();
        assertThat(cache.trainingOptions(output, OPTIONS))
                .contains("-XX:AOTCacheOutput=" + output, "-Dspring.context.exit=onRefresh", "-XX:TieredStopAtLevel=3");
        assertThat(cache.trainingOptions(output, List.of("-XX:TieredStopAtLevel=1")))
                .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"));
    }

    @Test
    void otherJvmOptionsGetACacheOfTheirOwn() {
        Path other = AotCache.of(jar, List.of("-Xmx64m")).orElseThrow().file();
        assertThat(other).isNotEqualTo(cache.file());
        assertThat(other.getParent()).isEqualTo(cache.file().getParent());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}

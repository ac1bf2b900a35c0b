package dev.courier.system;

import dev.courier.stack.ServiceProcess;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 18's quick start: every service of the shared stack runs from its extracted jar with the AOT cache a training
 * run made for it (JDK 25+), and the JVM took the cache without a complaint (a cache that does not fit is only
 * warned about, so a silently slow start is what this catches).
 */
@Order(3)
class QuickStartSystemTest extends SharedStackSystemTest {

    @Test
    void everyServiceStartedFromItsExtractedJarWithItsAotCache() throws IOException {
        assumeTrue(Runtime.version().feature() >= 25, "the JVM's AOT cache takes JDK 25 or newer");
        for (ServiceProcess process : stack.processes()) {
            List<String> arguments = List.of(ProcessHandle.of(process.pid()).orElseThrow().info().arguments()
                    .orElseThrow());
            assertThat(arguments).as("command line of %s", process.name())
                    .anyMatch(argument -> argument.startsWith("-XX:AOTCache="))
                    .anyMatch(argument -> argument.endsWith("/target/extracted/" + process.module() + ".jar"));
            assertThat(process.hasAotCache()).as(process.name()).isTrue();
            assertThat(process.startupTime()).as(process.name()).isPresent();
            assertThat(process.logOfThisRun()).as("log of %s", process.name())
                    .doesNotContain("Unable to use AOT cache").doesNotContainPattern("\\[error *]\\[aot");
        }
    }
}

package dev.courier.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the Compose schema, without a Docker engine: {@code bin/check-compose} runs the dclint
 * checker (Node.js, from the npm registry) and, where installed, {@code docker-compose config}.
 * {@link ComposeFileTest} checks what the file contains.
 */
class ComposeSchemaTest {

    @Test
    void theComposeFileMatchesTheComposeSchema() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize();
        Process check = new ProcessBuilder("bash", root.resolve("bin/check-compose").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = check.waitFor(3, TimeUnit.MINUTES);
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("bin/check-compose finished").isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("docker-compose.yml: valid");
    }
}

package dev.courier.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extracted form follows the fat jar: made once, kept while the jar is unchanged, made again (dropping every
 * AOT cache of the old build, which the JVM would not notice) when it changes. The "fat jar" is a {@link FakeBootTools}
 * stand-in, so the test needs no Boot build.
 */
class ServiceJarTest {

    @TempDir
    Path root;

    @Test
    void extractsOnceAndAgainOnlyWhenTheJarChanges() throws IOException {
        Path fatJar = fakeBootJar("auth-service");
        ServiceJar jar = ServiceJar.of(root, "auth-service");

        Path extracted = jar.extracted();
        assertThat(extracted).isEqualTo(root.resolve("auth-service/target/extracted/auth-service.jar")).isRegularFile();
        assertThat(extracted.resolveSibling("lib/dependency.jar")).isRegularFile();
        Path cache = jar.directory().resolve("aot").resolve("trained.aot");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "a cache");
        FileTime firstExtraction = Files.getLastModifiedTime(extracted);

        assertThat(jar.extracted()).isEqualTo(extracted);
        assertThat(Files.getLastModifiedTime(extracted)).as("not extracted again").isEqualTo(firstExtraction);
        assertThat(cache).as("the cache of this build stays").exists();

        Files.setLastModifiedTime(fatJar, FileTime.from(Instant.now().plusSeconds(60)));  // a new build
        assertThat(jar.extracted()).isRegularFile();
        assertThat(cache).as("a cache of the old build goes").doesNotExist();
    }

    @Test
    void saysToBuildFirstWhenTheJarIsMissing() {
        assertThatThrownBy(() -> ServiceJar.of(root, "parser-service").extracted())
                .hasMessageContaining("build first");
    }

    @Test
    void theJavaCommandRunsTheExtractedJar() throws IOException {
        fakeBootJar("auth-service");
        List<String> command = ServiceJar.of(root, "auth-service").javaCommand(List.of("-Xmx64m"));

        assertThat(command.getFirst()).endsWith("/bin/java");
        assertThat(command).containsSubsequence("-Xmx64m", "-jar",
                root.resolve("auth-service/target/extracted/auth-service.jar").toString());
        assertThat(command).as("no cache trained yet").noneMatch(option -> option.startsWith("-XX:AOTCache"));
    }

    private Path fakeBootJar(String module) throws IOException {
        return FakeBootTools.writeJar(root, module);
    }
}

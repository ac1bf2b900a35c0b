package dev.courier.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A service's executable jar and its extracted form, the one processes run: the application jar beside a
 * {@code lib/} folder, as Spring Boot's tools write it ({@code java -Djarmode=tools -jar x.jar extract}). The JVM's
 * AOT cache and CDS archive only classes loaded from the plain class path, never those Spring Boot's launcher reads
 * from jars nested in a fat jar; the extracted form starts a little quicker even without a cache.
 *
 * <p>It lives in {@code <module>/target/extracted/} and is made again whenever the fat jar changes (a stamp of the
 * jar's size and time says which build it came from), which also discards the {@linkplain AotCache AOT caches} made
 * for the old one. A file lock keeps two launchers on the same checkout (a local stack beside a system test) from
 * extracting at the same time.
 */
public final class ServiceJar {

    private static final String STAMP = ".source";
    /** File locks guard against other processes only; threads of this one take this per-folder lock first. */
    private static final Map<Path, Object> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final String module;
    private final Path fatJar;
    private final Path directory;

    private ServiceJar(String module, Path fatJar, Path directory) {
        this.module = module;
        this.fatJar = fatJar;
        this.directory = directory;
    }

    /** The jar {@code ./mvnw package} builds for {@code module} under the repository {@code root}. */
    public static ServiceJar of(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        return new ServiceJar(module, target.resolve(module + ".jar"), target.resolve("extracted"));
    }

    /** {@code fatJar} extracted into {@code directory} (a container image's own layout). */
    static ServiceJar at(String module, Path fatJar, Path directory) {
        return new ServiceJar(module, fatJar, directory);
    }

    public String module() {
        return module;
    }

    public Path fatJar() {
        return fatJar;
    }

    /** The folder of the extracted form; AOT caches of this build go in it too. */
    Path directory() {
        return directory;
    }

    /**
     * {@code java <options> [-XX:AOTCache=…] -jar <extracted jar>}: starts the service the way a stack does, with the
     * AOT cache made for exactly these options when there is one. Application arguments go after it.
     */
    public List<String> javaCommand(List<String> jvmOptions) {
        List<String> options = new ArrayList<>(jvmOptions);
        AotCache.of(this, jvmOptions).ifPresent(cache -> options.addAll(cache.useOptions()));
        return command(options);
    }

    /** {@code java <options> -jar <extracted jar>}. */
    List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.executable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(extracted().toString());
        return command;
    }

    /** The application jar of the extracted form, extracted first when missing or made from an older build. */
    public Path extracted() {
        if (!Files.isRegularFile(fatJar)) {
            throw new IllegalStateException("Missing " + fatJar + ": build first (./mvnw -DskipTests package)");
        }
        return underLock(() -> {
            try {
                Path jar = directory.resolve(fatJar.getFileName());
                String source = Files.size(fatJar) + " " + Files.getLastModifiedTime(fatJar).toMillis();
                Path stamp = directory.resolve(STAMP);
                if (Files.isRegularFile(jar) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(source)) {
                    return jar;
                }
                deleteRecursively(directory);
                run(List.of(JavaRuntime.executable(), "-Djarmode=tools", "-jar", fatJar.toString(), "extract",
                        "--destination", directory.toString()), directory.resolveSibling("extracted.log"));
                Files.writeString(stamp, source);
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not extract " + fatJar, e);
            }
        });
    }

    private <T> T underLock(Supplier<T> action) {
        synchronized (LOCAL_LOCKS.computeIfAbsent(directory, d -> new Object())) {
            try (FileChannel channel = FileChannel.open(directory.resolveSibling("extracted.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not lock " + directory, e);
            }
        }
    }

    /** Runs a short-lived JVM (the jar tools), failing when it fails. */
    private void run(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Failed for " + module + ": " + String.join(" ", command)
                        + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public String toString() {
        return module;
    }
}

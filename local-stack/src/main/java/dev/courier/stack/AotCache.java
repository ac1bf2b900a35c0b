package dev.courier.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM's ahead-of-time cache of one service for one set of JVM options (JDK 25+: classes read, parsed and linked
 * ahead of time, JEP 483, with method profiles, JEP 515). A training run of the service writes it
 * ({@link #trainingOptions}); later starts read it ({@link #useOptions()}) and skip most of their class loading.
 *
 * <p>It sits beside the extracted jar it was made for, and {@link ServiceJar} deletes it with that jar when the build
 * changes: JDK 25 does not check the application's jars against a cache (a rebuilt jar ran the cached old classes
 * in our check). Its name is a digest of the JDK and the JVM options it is for. A cache that does not fit the JVM
 * (another heap mode, other object headers) is refused with a warning and the JVM starts without it: a cache costs
 * speed at worst, never a start. JDK 21 to 24 get no cache (their AOT and CDS options differ, and an option the JVM
 * does not know stops it); services then start as they always did.
 */
final class AotCache {

    private static final AtomicInteger OUTPUTS = new AtomicInteger();

    private final Path file;

    private AotCache(Path file) {
        this.file = file;
    }

    /** The cache of {@code jar} for these options, or empty on a JDK without AOT cache options. */
    static Optional<AotCache> of(ServiceJar jar, List<String> jvmOptions) {
        if (!JavaRuntime.hasAotCache()) {
            return Optional.empty();
        }
        return Optional.of(new AotCache(jar.directory().resolve("aot").resolve(digest(jvmOptions) + ".aot")));
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** JVM options that use the cache; none while it does not exist. */
    List<String> useOptions() {
        return exists() ? List.of("-XX:AOTCache=" + file) : List.of();
    }

    /**
     * JVM options of a training run that writes a cache to {@code output}: the service starts against the real
     * PostgreSQL and Kafka (Flyway, Hibernate and the Kafka admin run during the context refresh), exits once its
     * context is refreshed, before it opens its port or joins a consumer group, and the JVM writes the cache on
     * the way out. It runs the tiers that profile (interpreter and C1) but not C2: C2's code is not cached, only
     * the profiles (JEP 515) that let the next start's C2 begin at once, and C2 compiling start-up code was a third
     * of a training run's CPU.
     */
    List<String> trainingOptions(Path output, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("-XX:AOTCacheOutput=" + output,
                "-Dspring.context.exit=onRefresh"));
        if (jvmOptions.stream().noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel="))) {
            options.add("-XX:TieredStopAtLevel=3");
        }
        return options;
    }

    /** A file next to the cache for a training run to write to, then {@linkplain #keep kept}. */
    Path newOutput() {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + OUTPUTS.incrementAndGet() + ".training");
    }

    /** Takes the cache a training run wrote to {@code output}: false when it wrote none. */
    boolean keep(Path output) {
        if (!Files.isRegularFile(output)) {
            return false;
        }
        try {
            Files.move(output, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the AOT cache " + output, e);
        }
    }

    private static String digest(List<String> jvmOptions) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (JavaRuntime.identity() + "\n" + String.join("\n", jvmOptions)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}

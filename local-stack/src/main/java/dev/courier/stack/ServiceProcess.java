package dev.courier.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Courier service running as its own operating-system process ({@code java -jar} on its {@linkplain ServiceJar
 * extracted jar}, with its {@linkplain AotCache AOT cache} when there is one), so that a test can kill it with SIGKILL
 * and start it again on the same port with the same settings. Output goes to a log file. Its standard input stays a
 * pipe from this JVM: with {@code courier.process.exit-with-parent} the service exits when that pipe closes, so no
 * service outlives a launcher that was itself killed.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ServiceJar jar;
    private final Optional<AotCache> cache;
    private final int port;
    private final int managementPort;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Path logFile;
    private volatile Process process;
    private volatile long startedAt;
    private volatile long logOffset;
    private volatile Duration startupTime;

    ServiceProcess(String name, ServiceJar jar, int port, List<String> jvmOptions, List<String> arguments,
                   Path logFile) {
        this(name, jar, port, port, jvmOptions, arguments, logFile);
    }

    /** @param managementPort where its actuator answers (a gateway's is not its clients' port) */
    ServiceProcess(String name, ServiceJar jar, int port, int managementPort, List<String> jvmOptions,
                   List<String> arguments,
                   Path logFile) {
        this.name = name;
        this.jar = jar;
        this.cache = AotCache.of(jar, jvmOptions);
        this.port = port;
        this.managementPort = managementPort;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("http://localhost:" + port);
    }

    /** The base URL of its actuator ({@code /actuator/health}, {@code /actuator/prometheus}). */
    public URI managementUrl() {
        return URI.create("http://localhost:" + managementPort);
    }

    public Path logFile() {
        return logFile;
    }

    /** What the process logged since its last {@link #start()} (the log file keeps earlier runs too). */
    public String logOfThisRun() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            file.seek(Math.min(logOffset, file.length()));
            byte[] bytes = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    public long pid() {
        return process.pid();
    }

    public String module() {
        return jar.module();
    }

    /** From the last {@link #start()} until health first answered UP; empty until then. */
    public Optional<Duration> startupTime() {
        return Optional.ofNullable(startupTime);
    }

    /** True when this process starts with an AOT cache (JDK 25+, after a training run). */
    public boolean hasAotCache() {
        return cache.map(AotCache::exists).orElse(false);
    }

    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        startedAt = System.nanoTime();
        startupTime = null;
        logOffset = logFile.toFile().length();
        process = launch(jar.javaCommand(jvmOptions), ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    /** Extracts the module's jar now (once per build) rather than in the middle of a start. */
    void extractJar() {
        jar.extracted();
    }

    /** Whether this process's module and JVM options lack an AOT cache that a training run could make. */
    boolean needsTraining() {
        return cache.isPresent() && !cache.get().exists();
    }

    /**
     * Makes the AOT cache: runs the service once with the same options and arguments until its context is
     * refreshed (see {@link AotCache#trainingOptions}), its output in {@code <module>.aot-training.log}. On failure
     * the service simply starts without a cache.
     *
     * @return true when the cache now exists
     */
    boolean train(Duration timeout) {
        if (cache.isEmpty()) {
            return false;
        }
        Path output = cache.get().newOutput();
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(cache.get().trainingOptions(output, jvmOptions));
        Path trainingLog = logFile.resolveSibling(jar.module() + ".aot-training.log");
        Process training = launch(jar.command(options), ProcessBuilder.Redirect.to(trainingLog.toFile()));
        try {
            if (!training.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                training.destroyForcibly();
                return false;
            }
            return training.exitValue() == 0 && cache.get().keep(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            training.destroyForcibly();
            return false;
        }
    }

    private Process launch(List<String> javaCommand, ProcessBuilder.Redirect output) {
        List<String> command = new ArrayList<>(javaCommand);
        command.add("--server.port=" + port);
        if (managementPort != port) {
            command.add("--management.server.port=" + managementPort);
        }
        command.addAll(arguments);
        try {
            Files.createDirectories(logFile.getParent());
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no goodbye to Kafka, exactly like a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM: a graceful shutdown, waited for up to 30 seconds. */
    public synchronized void stop() {
        terminate();
        awaitExitOrKill(Duration.ofSeconds(30));
    }

    /** Asks for a graceful shutdown (SIGTERM) and returns at once. */
    synchronized void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for the process to exit, and kills it (SIGKILL) when it has not within {@code grace}. */
    synchronized void awaitExitOrKill(Duration grace) {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not exit", e);
        }
    }

    /** True once {@code /actuator/health} answers 200 (UP). */
    public boolean isHealthy() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(managementUrl().resolve("/actuator/health")).timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + logFile);
            }
            if (isHealthy()) {
                startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; see " + logFile);
    }
}

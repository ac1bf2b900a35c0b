package dev.courier.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Courier service running as its own operating-system process ({@code java -jar}), so that a test can kill it
 * with SIGKILL and start it again on the same port with the same settings. Output goes to a log file. Its standard
 * input stays a pipe from this JVM: with {@code courier.process.exit-with-parent} the service exits when that pipe
 * closes, so no service outlives a launcher that was itself killed.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Path logFile;
    private volatile Process process;

    ServiceProcess(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments, Path logFile) {
        this(name, jar, port, port, jvmOptions, arguments, logFile);
    }

    /** @param managementPort where its actuator answers (a gateway's is not its clients' port) */
    ServiceProcess(String name, Path jar, int port, int managementPort, List<String> jvmOptions, List<String> arguments,
                   Path logFile) {
        this.name = name;
        this.jar = jar;
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

    public long pid() {
        return process.pid();
    }

    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        if (managementPort != port) {
            command.add("--management.server.port=" + managementPort);
        }
        command.addAll(arguments);
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
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
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; see " + logFile);
    }
}

package dev.courier.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Resident memory of the gateway processes, as {@link ProcFs} reads it. */
public final class GatewayMemory {

    private GatewayMemory() {
    }

    /**
     * The given pids; else the processes listening on the gateways' ports (other stacks may run on this machine,
     * system tests for one); else every Java process that runs a {@code gateway-service} jar.
     */
    static List<Long> pids(List<Long> given, List<java.net.URI> gateways) {
        if (!given.isEmpty()) {
            return given;
        }
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (java.net.URI gateway : gateways) {
            ports.add(gateway.getPort() > 0 ? gateway.getPort() : 80);
        }
        List<Long> listening = listeningOn(ports);
        return listening.isEmpty() ? gatewayProcesses() : listening;
    }

    /** Processes with a listening TCP socket on one of {@code ports}. */
    static List<Long> listeningOn(java.util.Set<Integer> ports) {
        java.util.Set<String> sockets = ProcFs.listeningSocketInodes(ports);
        List<Long> found = new ArrayList<>();
        if (sockets.isEmpty()) {
            return found;
        }
        List<Long> running;
        try {
            running = ProcFs.pids();
        } catch (IOException e) {
            return found;
        }
        for (long pid : running) {
            try {
                if (ProcFs.holdsSocket(pid, sockets)) {
                    found.add(pid);
                }
            } catch (IOException | RuntimeException e) {
                // The process ended, or is not ours to read.
            }
        }
        found.sort(null);
        return found;
    }

    /** Every Java process that runs a {@code gateway-service} jar (not a shell whose command line mentions it). */
    static List<Long> gatewayProcesses() {
        List<Long> running;
        try {
            running = ProcFs.pids();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        List<Long> found = new ArrayList<>();
        for (long pid : running) {
            if (pid == ProcessHandle.current().pid()) {
                continue;
            }
            try {
                if (isGateway(ProcFs.arguments(pid))) {
                    found.add(pid);
                }
            } catch (IOException e) {
                // The process ended, or is not ours to read.
            }
        }
        found.sort(null);
        return found;
    }

    /** Whether a process's arguments ({@link ProcFs#arguments}) are {@code java ... gateway-service*.jar ...}. */
    static boolean isGateway(List<String> args) {
        if (args.isEmpty() || !args.getFirst().endsWith("java")) {
            return false;
        }
        for (String arg : args) {
            String file = arg.substring(arg.lastIndexOf('/') + 1);
            if (file.startsWith("gateway-service") && file.endsWith(".jar")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks each JVM for a full garbage collection ({@code jcmd <pid> GC.run}, from the JDK running this generator)
     * before its memory is read: what an idle connection costs is what it keeps, not the garbage that registering
     * and connecting thousands of users left behind, which a heap with room to spare would otherwise show as RSS.
     * Best effort: without jcmd, the reading is taken as it is.
     */
    static void collectGarbage(List<Long> pids) {
        java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (long pid : pids) {
            try {
                new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()
                        .waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.io.IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The sum of the resident memory of {@code pids}, in bytes. */
    static long rssBytes(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                total += ProcFs.residentBytes(pid);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read /proc/" + pid + "/status: is the gateway running?", e);
            }
        }
        return total;
    }

    /** Least-squares slope of {@code y} over {@code x} (y per unit of x); 0 for fewer than two distinct x. */
    public static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }
}

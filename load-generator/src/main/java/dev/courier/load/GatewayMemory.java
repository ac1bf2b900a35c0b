package dev.courier.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resident memory of the gateway processes, from {@code /proc/<pid>/status}. */
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

    /** Processes with a listening TCP socket on one of {@code ports} (from /proc/net/tcp{,6} and /proc/*\/fd). */
    static List<Long> listeningOn(java.util.Set<Integer> ports) {
        java.util.Set<String> sockets = new java.util.HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                sockets.addAll(listeningInodes(Files.readAllLines(Path.of(table)), ports));
            } catch (IOException e) {
                // No IPv6, say.
            }
        }
        List<Long> found = new ArrayList<>();
        if (sockets.isEmpty()) {
            return found;
        }
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (var fds = Files.list(process.resolve("fd"))) {
                    boolean match = fds.anyMatch(fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            return target.startsWith("socket:[")
                                    && sockets.contains(target.substring(8, target.length() - 1));
                        } catch (IOException e) {
                            return false;
                        }
                    });
                    if (match) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended, or is not ours to read.
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(null);
        return found;
    }

    /** Inodes of the sockets in LISTEN state (0A) on one of {@code ports}, from the lines of /proc/net/tcp. */
    static java.util.Set<String> listeningInodes(List<String> table, java.util.Set<Integer> ports) {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10 || !fields[3].equals("0A")) {
                continue;
            }
            int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
            if (ports.contains(port)) {
                inodes.add(fields[9]);
            }
        }
        return inodes;
    }

    /** Every Java process that runs a {@code gateway-service} jar (not a shell whose command line mentions it). */
    static List<Long> gatewayProcesses() {
        List<Long> found = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || name.equals(String.valueOf(ProcessHandle.current().pid()))) {
                    continue;
                }
                try {
                    String[] args = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                    if (isGateway(args)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // The process ended, or is not ours to read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        found.sort(null);
        return found;
    }

    /** A command line ({@code /proc/<pid>/cmdline} split at NULs) of {@code java ... gateway-service*.jar ...}. */
    static boolean isGateway(String[] args) {
        if (args.length == 0 || !args[0].endsWith("java")) {
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

    /** The sum of VmRSS over {@code pids}, in bytes. */
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

    static long rssBytes(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                total += vmRssBytes(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read /proc/" + pid + "/status: is the gateway running?", e);
            }
        }
        return total;
    }

    /** VmRSS of a {@code /proc/<pid>/status} text ("VmRSS:   123456 kB"), in bytes. */
    public static long vmRssBytes(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("No VmRSS line");
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

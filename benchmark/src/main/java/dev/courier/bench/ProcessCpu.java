package dev.courier.bench;

import dev.courier.load.ProcFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * CPU seconds (utime + stime, {@link ProcFs.Stat#cpuTicks}) of every process of one system under test, by process
 * group. {@link #snapshot()} before and after a step; {@link #delta} gives the seconds each group spent in between.
 * A process that started during the step counts in full; processes are told apart by pid and start time.
 */
final class ProcessCpu {

    /** A process seen in one snapshot. */
    record Sample(String group, long cpuTicks) {
    }

    private final String system;
    private final Function<String, String> classifier;
    private final int postgresPort;
    private final long launcherPid;
    private final double ticksPerSecond;

    private ProcessCpu(String system, Function<String, String> classifier, int postgresPort, long launcherPid) {
        this.system = system;
        this.classifier = classifier;
        this.postgresPort = postgresPort;
        this.launcherPid = launcherPid;
        this.ticksPerSecond = ProcFs.ticksPerSecond();
    }

    /**
     * Courier: the service JVMs, the local-stack JVM (it hosts the Kafka broker) and the stack's PostgreSQL. With a
     * {@code launcherPid} (the local-stack JVM), only that JVM and its children count: a system test's stack on the
     * same machine is not ours. 0 counts every Courier JVM.
     */
    static ProcessCpu courier(int postgresPort, long launcherPid) {
        return new ProcessCpu("courier", ProcessCpu::courierGroup, postgresPort, launcherPid);
    }

    /** ejabberd: its Erlang VM and its own PostgreSQL. */
    static ProcessCpu ejabberd(int postgresPort) {
        return new ProcessCpu("ejabberd", ProcessCpu::ejabberdGroup, postgresPort, 0);
    }

    /** The local-stack JVM that launched the gateway listening on {@code port}, or 0 when there is none here. */
    static long launcherOfGateway(int port) {
        return pids("--server.port=" + port, "gateway-service").stream().findFirst()
                .flatMap(pid -> ProcessHandle.of(pid)).flatMap(ProcessHandle::parent)
                .filter(parent -> parent.info().commandLine().orElse("").contains("local-stack"))
                .map(ProcessHandle::pid).orElse(0L);
    }

    String system() {
        return system;
    }

    /** The group of a Courier process from its command line, or null when it is not one of Courier's. */
    static String courierGroup(String commandLine) {
        if (!commandLine.contains("java")) {
            return null;
        }
        for (String word : commandLine.split(" ")) {
            String file = word.substring(word.lastIndexOf('/') + 1);
            if (file.endsWith("-service.jar")) {
                return file.substring(0, file.length() - ".jar".length());
            }
            if (file.startsWith("local-stack") && file.endsWith(".jar")) {
                return "local-stack (Kafka broker)";
            }
        }
        return null;
    }

    /** The group of an ejabberd process from its command line, or null. */
    static String ejabberdGroup(String commandLine) {
        return commandLine.contains("beam.smp") || commandLine.contains("erl_child_setup") ? "ejabberd (beam.smp)"
                : null;
    }

    /**
     * Whether a command line is a PostgreSQL postmaster listening on {@code port}: {@code -p PORT} on the command line,
     * or (started by pg_ctl, the port in postgresql.conf) the port line of {@code postmaster.pid} in its {@code -D}
     * data directory, which {@code postmasterPid} reads.
     */
    static boolean isPostmaster(String commandLine, int port, Function<Path, String> postmasterPid) {
        String[] words = commandLine.split(" ");
        if (words.length == 0 || !words[0].endsWith("/postgres") && !words[0].equals("postgres")) {
            return false;
        }
        String dataDirectory = null;
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("-p")) {
                return words[i + 1].equals(String.valueOf(port));
            }
            if (words[i].equals("-D")) {
                dataDirectory = words[i + 1];
            }
        }
        if (dataDirectory == null) {
            return false;
        }
        // postmaster.pid: pid, data directory, start time, port, ...
        List<String> lines = postmasterPid.apply(Path.of(dataDirectory, "postmaster.pid")).lines().toList();
        return lines.size() > 3 && lines.get(3).trim().equals(String.valueOf(port));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Every process of the system now, keyed by pid and start time. */
    Map<String, Sample> snapshot() {
        List<Long> running;
        try {
            running = ProcFs.pids();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc", e);
        }
        Map<Long, ProcFs.Stat> stats = new HashMap<>();
        Map<Long, String> commandLines = new HashMap<>();
        for (long pid : running) {
            try {
                // Both read before either is kept: a process that ends in between has no command line to classify.
                ProcFs.Stat stat = ProcFs.stat(pid);
                String commandLine = ProcFs.commandLine(pid);
                stats.put(pid, stat);
                commandLines.put(pid, commandLine);
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked
            }
        }
        List<Long> postmasters = new ArrayList<>();
        commandLines.forEach((pid, line) -> {
            if (isPostmaster(line, postgresPort, ProcessCpu::readOrEmpty)) {
                postmasters.add(pid);
            }
        });
        Map<String, Sample> samples = new HashMap<>();
        stats.forEach((pid, stat) -> {
            String group = postmasters.contains(pid) || postmasters.contains(stat.parentPid()) ? "postgres"
                    : launcherPid == 0 || pid == launcherPid || stat.parentPid() == launcherPid
                    ? classifier.apply(commandLines.get(pid)) : null;
            if (group != null) {
                samples.put(pid + ":" + stat.startTicks(), new Sample(group, stat.cpuTicks()));
            }
        });
        return samples;
    }

    /** Process ids of the group's processes with {@code word} on their command line, e.g. a server port option. */
    static List<Long> pids(String word, String group) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            try {
                String line = ProcFs.commandLine(process.pid());
                if (group.equals(courierGroup(line)) && (" " + line + " ").contains(" " + word + " ")) {
                    pids.add(process.pid());
                }
            } catch (IOException gone) {
                // ended meanwhile
            }
        });
        return pids;
    }

    /** CPU seconds per group between two snapshots, plus "total". */
    Map<String, Double> delta(Map<String, Sample> before, Map<String, Sample> after) {
        return delta(before, after, ticksPerSecond);
    }

    static Map<String, Double> delta(Map<String, Sample> before, Map<String, Sample> after, double ticksPerSecond) {
        Map<String, Double> seconds = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Sample> process : after.entrySet()) {
            Sample earlier = before.get(process.getKey());
            long ticks = process.getValue().cpuTicks() - (earlier == null ? 0 : earlier.cpuTicks());
            double spent = Math.max(0, ticks) / ticksPerSecond;
            seconds.merge(process.getValue().group(), spent, Double::sum);
            total += spent;
        }
        seconds.put("total", total);
        return seconds;
    }
}

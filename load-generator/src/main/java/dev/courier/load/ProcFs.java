package dev.courier.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} (proc(5)) says about the processes of the system under test: which run, their command
 * lines, CPU time and resident memory, and which hold a listening socket. The load generators and the benchmark read
 * /proc because what they measure is other processes, and not all of them JVMs (ejabberd's beam.smp, PostgreSQL).
 *
 * <p>Processes end between the listing of {@code /proc} and the reading of their files, and some are not ours to read:
 * every per-process read then throws an {@link IOException}, and the caller decides what that means (skipped in a
 * scan, no CPU time, an error when it is the one process being measured).
 */
public final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    /** The unit of /proc's CPU times when {@code getconf} cannot say (USER_HZ on Linux's usual builds). */
    private static final double USUAL_TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    /** What one {@code /proc/<pid>/stat} line says that we use; times in clock ticks ({@link #ticksPerSecond()}). */
    public record Stat(long pid, long parentPid, long startTicks, long cpuTicks, long waitedForChildrenCpuTicks) {

        /**
         * The command name sits in parentheses and may itself hold spaces or parentheses ("java (gw) 1"), so the
         * fields are counted from after the last ')'.
         */
        public static Stat parse(String line) {
            long pid = Long.parseLong(line.substring(0, line.indexOf('(')).trim());
            String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields[0] is field 3 (state) of proc(5): ppid is 4, utime 14, stime 15, cutime 16, cstime 17,
            // starttime 22.
            return new Stat(pid, Long.parseLong(fields[1]), Long.parseLong(fields[19]),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        }
    }

    /** The ids of the processes running now (the numeric entries of /proc), in directory order. */
    public static List<Long> pids() throws IOException {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .toList();
        }
    }

    /** The process's {@code /proc/<pid>/stat}. */
    public static Stat stat(long pid) throws IOException {
        return Stat.parse(Files.readString(file(pid, "stat")));
    }

    /** The arguments the process was started with, the program first ({@code /proc/<pid>/cmdline} split at NULs). */
    public static List<String> arguments(long pid) throws IOException {
        return List.of(rawCommandLine(pid).split("\0"));
    }

    /** The command line with its arguments joined by spaces, as ps shows it; empty for kernel threads. */
    public static String commandLine(long pid) throws IOException {
        return rawCommandLine(pid).replace('\0', ' ').trim();
    }

    /** The executable's name ({@code /proc/<pid>/comm}), at most 15 characters: "beam.smp", "java". */
    public static String commandName(long pid) throws IOException {
        return Files.readString(file(pid, "comm")).trim();
    }

    /** Resident memory (VmRSS of {@code /proc/<pid>/status}), in bytes. */
    public static long residentBytes(long pid) throws IOException {
        return vmRssBytes(Files.readAllLines(file(pid, "status")));
    }

    /**
     * How many clock ticks make a second of the CPU times in {@link Stat}: {@code getconf CLK_TCK}, or else the usual
     * 100. Runs a process: ask once and keep the answer.
     */
    public static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return getconf.waitFor() == 0 ? Double.parseDouble(out) : USUAL_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return USUAL_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return USUAL_TICKS_PER_SECOND;
        }
    }

    /** Inodes of the TCP sockets (IPv4 and IPv6) listening on one of {@code ports}. */
    static Set<String> listeningSocketInodes(Set<Integer> ports) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                inodes.addAll(listeningInodes(Files.readAllLines(PROC.resolve("net").resolve(table)), ports));
            } catch (IOException e) {
                // No IPv6, say.
            }
        }
        return inodes;
    }

    /** Whether one of the process's open files ({@code /proc/<pid>/fd}) is a socket with one of {@code inodes}. */
    static boolean holdsSocket(long pid, Set<String> inodes) throws IOException {
        try (Stream<Path> fds = Files.list(file(pid, "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Inodes of the sockets in LISTEN state (0A) on one of {@code ports}, from the lines of /proc/net/tcp. */
    static Set<String> listeningInodes(List<String> table, Set<Integer> ports) {
        Set<String> inodes = new HashSet<>();
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

    /** VmRSS of a {@code /proc/<pid>/status} text ("VmRSS:   123456 kB"), in bytes. */
    static long vmRssBytes(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("No VmRSS line");
    }

    private static String rawCommandLine(long pid) throws IOException {
        return new String(Files.readAllBytes(file(pid, "cmdline")), StandardCharsets.UTF_8);
    }

    private static Path file(long pid, String name) {
        return PROC.resolve(String.valueOf(pid)).resolve(name);
    }
}

package dev.courier.load.xmpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the system under test, from {@code /proc/<pid>/stat}: ejabberd's beam.smp and the PostgreSQL cluster
 * that holds its archive (the postmaster whose command line names {@code ejabberd/pg}, and its children). Read
 * before and after a measured phase; the difference per 1,000 delivered messages goes into the result's extras.
 * Empty when ejabberd does not run on this machine.
 */
final class PeerCpu {

    /** USER_HZ: the unit of the times in /proc/<pid>/stat; 100 on Linux's usual builds. */
    static final double TICKS_PER_SECOND = 100;

    private final List<Long> ejabberd;
    private final List<Long> postgres;
    private final long ejabberdStart;
    private final long postgresStart;

    private PeerCpu(List<Long> ejabberd, List<Long> postgres) {
        this.ejabberd = ejabberd;
        this.postgres = postgres;
        this.ejabberdStart = ticks(ejabberd);
        this.postgresStart = ticks(postgres);
    }

    /** Starts counting for the local ejabberd ({@code beamPid}, or found) and its PostgreSQL; null if none runs. */
    static PeerCpu start(Long beamPid) {
        long beam;
        try {
            beam = BeamMemory.pid(beamPid);
        } catch (IllegalStateException e) {
            System.out.println("no CPU figures: " + e.getMessage());
            return null;
        }
        return new PeerCpu(List.of(beam), postgresPids());
    }

    /** The CPU seconds spent since {@link #start}, in all and per 1,000 of {@code delivered}, as result extras. */
    Map<String, Double> extras(long delivered) {
        double ejabberdSeconds = (ticks(ejabberd) - ejabberdStart) / TICKS_PER_SECOND;
        double postgresSeconds = (ticks(postgres) - postgresStart) / TICKS_PER_SECOND;
        double total = ejabberdSeconds + postgresSeconds;
        Map<String, Double> extras = new HashMap<>();
        extras.put("cpuSecondsEjabberd", ejabberdSeconds);
        extras.put("cpuSecondsPostgres", postgresSeconds);
        extras.put("cpuSeconds", total);
        extras.put("cpuSecondsPer1000Delivered", delivered == 0 ? 0 : total * 1000 / delivered);
        return extras;
    }

    /** The postmaster serving ejabberd's archive (command line naming ejabberd/pg) and its children. */
    private static List<Long> postgresPids() {
        Map<Long, Long> parents = new HashMap<>();
        List<Long> postmasters = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name);
                    parents.put(pid, Long.parseLong(statFields(Files.readString(process.resolve("stat")))[1]));
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains("postgres") && cmdline.contains("ejabberd/pg")) {
                        postmasters.add(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended, or is not ours to read.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>(postmasters);
        parents.forEach((pid, parent) -> {
            if (postmasters.contains(parent)) {
                pids.add(pid);
            }
        });
        return pids;
    }

    /** utime + stime + cutime + cstime summed over {@code pids}; processes gone meanwhile count 0. */
    static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                total += ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
            } catch (IOException e) {
                // Gone.
            }
        }
        return total;
    }

    /** utime + stime + cutime + cstime of one {@code /proc/<pid>/stat} line. */
    static long ticks(String stat) {
        String[] fields = statFields(stat);
        // After "pid (comm)": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    /** The fields after the command name (which may hold spaces and parentheses). */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}

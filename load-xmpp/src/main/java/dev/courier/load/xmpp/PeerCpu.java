package dev.courier.load.xmpp;

import dev.courier.load.ProcFs;

import java.io.IOException;
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

    private final List<Long> ejabberd;
    private final List<Long> postgres;
    private final long ejabberdStart;
    private final long postgresStart;
    private final double ticksPerSecond;

    private PeerCpu(List<Long> ejabberd, List<Long> postgres) {
        this.ejabberd = ejabberd;
        this.postgres = postgres;
        this.ticksPerSecond = ProcFs.ticksPerSecond();
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
        double ejabberdSeconds = (ticks(ejabberd) - ejabberdStart) / ticksPerSecond;
        double postgresSeconds = (ticks(postgres) - postgresStart) / ticksPerSecond;
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
        List<Long> running;
        try {
            running = ProcFs.pids();
        } catch (IOException e) {
            return List.of();
        }
        Map<Long, Long> parents = new HashMap<>();
        List<Long> postmasters = new ArrayList<>();
        for (long pid : running) {
            try {
                parents.put(pid, ProcFs.stat(pid).parentPid());
                String commandLine = ProcFs.commandLine(pid);
                if (commandLine.contains("postgres") && commandLine.contains("ejabberd/pg")) {
                    postmasters.add(pid);
                }
            } catch (IOException | RuntimeException e) {
                // The process ended, or is not ours to read.
            }
        }
        List<Long> pids = new ArrayList<>(postmasters);
        parents.forEach((pid, parent) -> {
            if (postmasters.contains(parent)) {
                pids.add(pid);
            }
        });
        return pids;
    }

    /**
     * CPU ticks of {@code pids} and of the children they waited for (PostgreSQL's backends that ended meanwhile),
     * summed; processes gone meanwhile count 0.
     */
    static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                ProcFs.Stat stat = ProcFs.stat(pid);
                total += stat.cpuTicks() + stat.waitedForChildrenCpuTicks();
            } catch (IOException e) {
                // Gone.
            }
        }
        return total;
    }
}

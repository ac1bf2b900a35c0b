package dev.courier.load.xmpp;

import dev.courier.load.ProcFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Resident memory of ejabberd's Erlang VM (the {@code beam.smp} process whose command line names ejabberd). */
final class BeamMemory {

    private BeamMemory() {
    }

    /** The given pid, or else the one beam.smp whose command line contains {@code ejabberd}. */
    static long pid(Long given) {
        if (given != null) {
            return given;
        }
        List<Long> running;
        try {
            running = ProcFs.pids();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        List<Long> found = new ArrayList<>();
        for (long pid : running) {
            try {
                if (ProcFs.commandName(pid).equals("beam.smp") && ProcFs.commandLine(pid).contains("ejabberd")) {
                    found.add(pid);
                }
            } catch (IOException e) {
                // The process ended, or is not ours to read.
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("Found " + found.size() + " ejabberd beam.smp processes " + found
                    + ": pass --ejabberd-pid PID");
        }
        return found.getFirst();
    }

    /** VmRSS of {@code pid}, in bytes. */
    static long rssBytes(long pid) {
        try {
            return ProcFs.residentBytes(pid);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + "/status: is ejabberd running?", e);
        }
    }
}

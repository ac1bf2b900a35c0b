package dev.courier.load.xmpp;

import dev.courier.load.GatewayMemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<Long> found = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (!Files.readString(process.resolve("comm")).trim().equals("beam.smp")) {
                        continue;
                    }
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains("ejabberd")) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // The process ended, or is not ours to read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
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
            return GatewayMemory.vmRssBytes(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + "/status: is ejabberd running?", e);
        }
    }
}

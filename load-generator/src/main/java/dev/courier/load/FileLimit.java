package dev.courier.load;

import java.nio.file.Files;
import java.nio.file.Path;

/** Turns "Too many open files" deep in a failure into a message that says what to do. */
final class FileLimit {

    private FileLimit() {
    }

    /** {@code failure} as a RuntimeException, with a clear message when the process ran out of file descriptors. */
    static RuntimeException explain(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("Too many open files")) {
                return new IllegalStateException("The load generator ran out of file descriptors (open files limit "
                        + limit() + ", " + openFiles() + " open now): each connection holds a socket, so "
                        + "--users cannot go much beyond the limit minus a few hundred; raise it (ulimit -n) if the "
                        + "machine allows, or run the generator in several processes", failure);
            }
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    /** The messages of {@code failure} and its causes, joined: "Could not connect …: Connection refused". */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    /** The soft limit on open files of this process, as /proc/self/limits says ("?" when unreadable). */
    static String limit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                    .findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    static long openFiles() {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        } catch (Exception e) {
            return -1;
        }
    }
}

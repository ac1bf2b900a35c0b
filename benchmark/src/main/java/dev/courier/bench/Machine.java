package dev.courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and build the report was made on: cores, memory, kernel, Java, git commit. */
record Machine(String cpu, String memory, String kernel, String java, String commit) {

    static Machine describe() {
        return new Machine(cpu(read("/proc/cpuinfo")), memory(read("/proc/meminfo")),
                read("/proc/sys/kernel/osrelease").trim(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"), gitCommit());
    }

    /** "2 × Intel(R) Xeon(R) ..." from /proc/cpuinfo. */
    static String cpu(String cpuinfo) {
        List<String> lines = cpuinfo.lines().toList();
        long cores = lines.stream().filter(line -> line.startsWith("processor")).count();
        String model = lines.stream().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        return cores + " × " + model;
    }

    /** "23.4 GiB" from the MemTotal line of /proc/meminfo. */
    static String memory(String meminfo) {
        return meminfo.lines().filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> String.format("%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String gitCommit() {
        String head = run("git", "rev-parse", "--short", "HEAD");
        if (head.isBlank()) {
            return "unknown";
        }
        return run("git", "status", "--porcelain", "--untracked-files=no").isBlank() ? head
                : head + " (with uncommitted changes)";
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}

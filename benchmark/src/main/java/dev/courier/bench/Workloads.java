package dev.courier.bench;

import dev.courier.load.LoadGeneratorMain;
import dev.courier.load.WorkloadResult;
import dev.courier.load.xmpp.XmppLoadMain;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two load generators, Courier's ({@link LoadGeneratorMain#result}) and the XMPP driver for ejabberd
 * ({@link XmppLoadMain#result}): a workload run here, or ({@link #inChildJvm}) in a JVM of its own — the idle
 * workload holds up to 15,000 sockets, and a process here may open at most about 20,000 files.
 */
enum Workloads {

    COURIER(LoadGeneratorMain::result),
    XMPP(XmppLoadMain::result);

    @FunctionalInterface
    interface EntryPoint {
        WorkloadResult result(String... args) throws Exception;
    }

    private final EntryPoint entryPoint;

    Workloads(EntryPoint entryPoint) {
        this.entryPoint = entryPoint;
    }

    /** Runs the workload in this JVM. */
    WorkloadResult inThisJvm(List<String> args) throws Exception {
        System.out.println("bench: " + name().toLowerCase() + " " + String.join(" ", args));
        return entryPoint.result(args.toArray(String[]::new));
    }

    /** Runs the workload in a child JVM (same class path), which writes the result as JSON for us to read. */
    WorkloadResult inChildJvm(List<String> args) throws Exception {
        System.out.println("bench (own JVM): " + name().toLowerCase() + " " + String.join(" ", args));
        Path out = Files.createTempFile("bench-workload-", ".json");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith("-exec.jar")) {
            // Started as the benchmark's executable jar: Spring Boot's PropertiesLauncher runs another main in it.
            command.addAll(List.of("-cp", classPath, "-Dloader.main=" + WorkloadChild.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classPath, WorkloadChild.class.getName()));
        }
        command.add(out.toString());
        command.add(name());
        command.addAll(args);
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0 || Files.size(out) == 0) {
                throw new IOException("the workload JVM exited with " + exit + " and no result");
            }
            return Json.read(out, WorkloadResult.class);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

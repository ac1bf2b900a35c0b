package dev.courier.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Gets a stack's processes ready for a quick start: every module extracted, and on JDK 25+ an AOT cache for every
 * module that lacks one for its JVM options, made by one training run per module (a gateway's cache serves both
 * gateways). Training needs the stack's PostgreSQL and Kafka (the context refresh migrates and creates topics), so
 * it happens here, when a stack first starts after a build, rather than in the build.
 *
 * <p>One module per core at a time: each is CPU-bound, and more at once only make each slower.
 */
final class StartupCaches {

    private static final Logger log = LoggerFactory.getLogger(StartupCaches.class);
    private static final int AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors());

    private StartupCaches() {
    }

    static void prepare(Collection<ServiceProcess> processes, Duration timeout) {
        Map<String, ServiceProcess> byModule = new LinkedHashMap<>();
        processes.forEach(process -> byModule.putIfAbsent(process.module(), process));
        inParallel(byModule.values(), ServiceProcess::extractJar);
        List<ServiceProcess> untrained = byModule.values().stream().filter(ServiceProcess::needsTraining).toList();
        if (untrained.isEmpty()) {
            return;
        }
        log.info("Training the JVM's AOT cache of {} (once per build and JVM options; logs: *.aot-training.log)",
                untrained.stream().map(ServiceProcess::module).toList());
        long started = System.nanoTime();
        inParallel(untrained, process -> train(process, timeout));
        log.info("AOT caches trained in {} s", seconds(System.nanoTime() - started));
    }

    private static void train(ServiceProcess process, Duration timeout) {
        long started = System.nanoTime();
        if (process.train(timeout)) {
            log.info("AOT cache of {} made in {} s", process.module(), seconds(System.nanoTime() - started));
        } else {
            log.warn("No AOT cache for {}: its training run failed (see its .aot-training.log); it starts without",
                    process.module());
        }
    }

    private static void inParallel(Collection<ServiceProcess> processes, Consumer<ServiceProcess> action) {
        try (ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE)) {
            CompletableFuture.allOf(processes.stream()
                    .map(process -> CompletableFuture.runAsync(() -> action.accept(process), pool))
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}

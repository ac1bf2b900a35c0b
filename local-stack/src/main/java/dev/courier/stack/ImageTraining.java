package dev.courier.stack;

import dev.courier.infra.EmbeddedKafkaServer;
import dev.courier.infra.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Dockerfile's training stage: {@code java -jar local-stack-exec.jar train-image <module> <fat jar> <folder>
 * [JVM options]} extracts the service into the folder ({@code app.jar} and {@code lib/} for a fat jar named
 * {@code app.jar}; its parent must be writable too) and, on JDK 25+, makes its AOT cache there as {@code app.aot}:
 * a training run against a PostgreSQL and a Kafka of its own, embedded, started for it and stopped after. The JVM
 * options must be the image's own (the cache is made for them).
 *
 * <p>A failed training leaves the extracted jar without a cache and still ends well: the image then starts its
 * service without one, as before, instead of failing the build.
 */
final class ImageTraining {

    static final String CACHE = "app.aot";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ImageTraining() {
    }

    static void run(List<String> args) throws IOException {
        if (args.size() < 3) {
            throw new IllegalArgumentException("train-image <module> <fat jar> <app folder> [JVM options...]");
        }
        String module = args.get(0);
        ServiceJar jar = ServiceJar.at(module, Path.of(args.get(1)), Path.of(args.get(2)));
        List<String> jvmOptions = args.subList(3, args.size());
        System.out.println("Extracted " + jar.extracted());
        Optional<AotCache> cache = AotCache.of(jar, jvmOptions);
        if (cache.isEmpty()) {
            System.out.println("No AOT cache on JDK " + Runtime.version().feature() + " (it takes 25 or newer)");
            return;
        }
        try {
            train(module, jar, jvmOptions, cache.get());
        } catch (RuntimeException | IOException e) {
            System.out.println("No AOT cache for " + module + ": " + e);
        }
    }

    private static void train(String module, ServiceJar jar, List<String> jvmOptions, AotCache cache)
            throws IOException {
        Path work = Files.createTempDirectory("courier-training");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
             EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(work.resolve("kafka"), 0)) {
            List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers="
                    + kafka.bootstrapServers()));
            String database = CourierStack.DATABASES.get(module);
            if (database != null) {
                postgres.createDatabase(database);
                arguments.add("--spring.datasource.url=" + postgres.jdbcUrl(database));
                arguments.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
                arguments.add("--spring.datasource.password=" + EmbeddedPostgresServer.PASSWORD);
            }
            ServiceProcess training = new ServiceProcess(module, jar, 0, jvmOptions, arguments,
                    work.resolve(module + ".log"));
            if (!training.train(TIMEOUT)) {
                System.out.println("No AOT cache for " + module + ": its training run failed:");
                Files.readAllLines(work.resolve(module + ".aot-training.log")).forEach(System.out::println);
                return;
            }
            Path kept = jar.directory().resolve(CACHE);
            Files.move(cache.file(), kept, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(cache.file().getParent());
            System.out.println("AOT cache of " + module + ": " + kept + " (" + Files.size(kept) / 1_048_576 + " MiB)");
        }
    }
}

package dev.courier.stack;

import dev.courier.infra.EmbeddedKafkaServer;
import dev.courier.infra.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The local stack: a real PostgreSQL and a real Kafka broker, embedded, with their data under one folder
 * ({@code COURIER_DATA}, default {@code .courier-data}), then every service as its own process. Prints the gateway
 * URL once everything answers health; Ctrl-C stops it all.
 *
 * <p>Ports: gateway-1 on {@code COURIER_PORT} (default 8080), gateway-2 next to it, then the services; PostgreSQL on
 * 15432 and Kafka on 19092 unless {@code COURIER_POSTGRES_PORT} / {@code COURIER_KAFKA_PORT} say otherwise.
 */
public final class LocalStackMain {

    /**
     * Services that run with the C1 JIT only: once the AOT cache has taken class loading away, C2 compiling start-up
     * code is most of what a start still costs, and these three answer a request now and then rather than carry the
     * message stream. {@code COURIER_JVM_OPTIONS} comes after and wins ({@code auth-service:-XX:TieredStopAtLevel=4}).
     */
    static final List<String> OFF_THE_MESSAGE_PATH = List.of("auth-service", "group-service", "media-service");

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        if (args.length > 0 && args[0].equals("train-image")) {
            ImageTraining.run(List.of(args).subList(1, args.length));
            return;
        }
        long started = System.nanoTime();
        Path root = Path.of(env("COURIER_ROOT", ".")).toAbsolutePath().normalize();
        Path data = Path.of(env("COURIER_DATA", root.resolve(".courier-data").toString())).toAbsolutePath();
        int gatewayPort = Integer.parseInt(env("COURIER_PORT", "8080"));
        int gateways = Integer.parseInt(env("COURIER_GATEWAYS", "2"));
        int groupServices = Integer.parseInt(env("COURIER_GROUP_SERVICES", "2"));

        System.out.println("Courier: starting PostgreSQL and Kafka (data in " + data + ")");
        // Side by side: PostgreSQL is a process of its own and the broker's start waits on its controller election.
        // A thread of our own inherits this one's context class loader, through which Kafka finds its classes.
        FutureTask<EmbeddedKafkaServer> startingKafka = new FutureTask<>(() -> EmbeddedKafkaServer.start(
                data.resolve("kafka"), Integer.parseInt(env("COURIER_KAFKA_PORT", "19092"))));
        Thread.ofPlatform().name("kafka-start").start(startingKafka);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.resolve("postgres"),
                Integer.parseInt(env("COURIER_POSTGRES_PORT", "15432")));
        EmbeddedKafkaServer kafka = kafkaOf(startingKafka);

        StackInfrastructure infrastructure = new StackInfrastructure(
                "jdbc:postgresql://localhost:" + postgres.port() + "/", EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD, postgres::createDatabase, kafka.bootstrapServers());
        CourierStack.Builder builder = CourierStack.builder(root, infrastructure)
                .gateways(gateways)
                .groupServices(groupServices)
                .firstPort(gatewayPort)
                .logDirectory(data.resolve("logs"))
                .mediaDirectory(data.resolve("media"))
                // A development machine: Web Push may go to a push service of one's own on loopback (plain http).
                .property("last-seen-service", "courier.lastseen.push.allow-loopback-http", "true");
        extraProperties(env("COURIER_PROPERTIES", ""), builder);
        OFF_THE_MESSAGE_PATH.forEach(module -> builder.jvmOption(module, "-XX:TieredStopAtLevel=1"));
        jvmOptions(env("COURIER_JVM_OPTIONS", ""), builder);
        // A busy machine (a benchmark beside other work) may need longer than the default four minutes.
        builder.startTimeout(java.time.Duration.ofSeconds(Long.parseLong(env("COURIER_START_TIMEOUT", "240"))));
        CourierStack stack = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Courier: stopping");
            stack.close();
            kafka.close();
            postgres.close();
            stopped.countDown();
        }));

        System.out.printf("Courier: PostgreSQL and Kafka up after %.1f s; starting %d service processes (logs in %s)%n",
                (System.nanoTime() - started) / 1e9, stack.processes().size(), data.resolve("logs"));
        stack.start();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Courier is up in %.1f s. Each service answered health after: %s%n", took.toMillis() / 1000.0,
                startupTimes(stack));
        for (int n = 1; n <= gateways; n++) {
            System.out.println("  gateway-" + n + ": " + stack.gatewayUrl(n) + "  (REST /api, WebSocket /ws)");
        }
        System.out.println("  PostgreSQL: jdbc:postgresql://localhost:" + postgres.port() + "/  Kafka: "
                + kafka.bootstrapServers());
        System.out.println("Courier is ready at " + stack.gatewayUrl(1) + "  — Ctrl-C stops everything.");
        stopped.await();
    }

    /** "gateway-1 9.8 s, auth-service 11.2 s, …", and which ones started without an AOT cache (JDK 25+). */
    static String startupTimes(CourierStack stack) {
        StringBuilder times = new StringBuilder();
        for (ServiceProcess process : stack.processes()) {
            if (!times.isEmpty()) {
                times.append(", ");
            }
            times.append(process.name()).append(' ').append(process.startupTime()
                    .map(t -> String.format("%.1f s", t.toMillis() / 1000.0)).orElse("?"));
            if (!process.hasAotCache()) {
                times.append(" (no AOT cache)");
            }
        }
        return times.toString();
    }

    /**
     * Settings for one service, for benchmarks and experiments: {@code COURIER_PROPERTIES} holds
     * {@code module:key=value} entries separated by {@code ;}, e.g.
     * {@code message-service:courier.message.disappearing.allow-any-seconds=true}.
     */
    static void extraProperties(String entries, CourierStack.Builder builder) {
        for (String entry : entries.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            int equals = entry.indexOf('=', colon + 1);
            if (colon < 1 || equals < colon + 2) {
                throw new IllegalArgumentException("COURIER_PROPERTIES entry is not module:key=value: " + entry);
            }
            String module = entry.substring(0, colon).trim();
            String key = entry.substring(colon + 1, equals).trim();
            String value = entry.substring(equals + 1).trim();
            System.out.println("Courier: " + module + " gets " + key + "=" + value);
            builder.property(module, key, value);
        }
    }

    /** {@code COURIER_JVM_OPTIONS='gateway-service:-Xmx1g;message-service:-XX:+UseParallelGC'}: per module. */
    static void jvmOptions(String entries, CourierStack.Builder builder) {
        for (String entry : entries.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("COURIER_JVM_OPTIONS entry is not module:option: " + entry);
            }
            String module = entry.substring(0, colon).trim();
            String option = entry.substring(colon + 1).trim();
            System.out.println("Courier: " + module + " gets JVM option " + option);
            builder.jvmOption(module, option);
        }
    }

    private static EmbeddedKafkaServer kafkaOf(FutureTask<EmbeddedKafkaServer> starting) throws InterruptedException {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not start", e.getCause());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

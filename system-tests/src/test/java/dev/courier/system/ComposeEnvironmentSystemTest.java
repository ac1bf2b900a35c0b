package dev.courier.system;

import dev.courier.stack.ServiceJar;
import dev.courier.testkit.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each service jar, started with nothing but the environment docker-compose.yml gives its container, becomes ready.
 * The compose file's addresses are rewritten to this machine (compose service {@code name:port} to
 * {@code localhost:<free port>}, {@code postgres:5432} and {@code kafka:9092} to the test kit's servers) and its
 * {@code ${VAR}} references are filled from {@code .env.example} (the database credentials from the test kit);
 * nothing else is passed: no command-line settings, no inherited environment but {@code PATH} (the JVM's options are
 * those of every system-test process, so it finds the AOT caches the first stack of the run trained; an image makes
 * its own). MinIO is the one dependency not started here: readiness does not depend on the object store, so
 * media-service points at a port where nothing listens. A setting the compose file forgets (a missing URL, a wrong
 * variable name) leaves the service on a default that does not exist here, and it never becomes ready.
 */
// Before the shared stack starts (these processes use the same topics and consumer groups as every stack), after
// MessageExpirySystemTest's stack (whose start trains the AOT caches on a fresh build).
@Tag(SuitePhases.BEFORE_SHARED_STACK)
@Order(1)
class ComposeEnvironmentSystemTest {

    private static final Logger log = LoggerFactory.getLogger(ComposeEnvironmentSystemTest.class);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(?::?[-?][^}]*)?}");
    private static final Map<String, String> DATABASE_BY_SERVICE = new LinkedHashMap<>();
    private static final List<Process> processes = new ArrayList<>();

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceBecomesReadyWithOnlyTheEnvironmentComposeGivesIt() throws Exception {
        Path root = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize();
        Map<String, Map<String, Object>> services;
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(reader).get("services");
        }
        Properties dotEnv = new Properties();
        try (Reader reader = Files.newBufferedReader(root.resolve(".env.example"))) {
            dotEnv.load(reader);
        }
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        dotEnv.setProperty("POSTGRES_USER", infrastructure.postgresUser());
        dotEnv.setProperty("POSTGRES_PASSWORD", infrastructure.postgresPassword());

        Map<String, String> modules = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build && build.get("args") instanceof Map<?, ?> args) {
                modules.put(name, String.valueOf(args.get("MODULE")));
                ports.put(name, freePort());
            }
        });
        assertThat(modules).as("services built from this repository").hasSizeGreaterThanOrEqualTo(8);
        int nowhere = freePort();

        Path logs = root.resolve("system-tests/target/stack-logs/compose-environment");
        Files.createDirectories(logs);
        Map<String, URI> readiness = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : modules.entrySet()) {
            String name = entry.getKey();
            Map<String, String> environment = new LinkedHashMap<>();
            ((Map<String, Object>) services.get(name).get("environment")).forEach((key, value) -> {
                String resolved = interpolate(String.valueOf(value), dotEnv);
                environment.put(key, localise(resolved, services, ports, infrastructure, nowhere));
            });
            environment.put("SERVER_PORT", String.valueOf(ports.get(name)));
            // A gateway's actuator is on a management port of its own: a free one here, like its server port.
            int healthPort = ports.get(name);
            if (environment.containsKey("COURIER_GATEWAY_MANAGEMENT_PORT")) {
                healthPort = freePort();
                environment.put("COURIER_GATEWAY_MANAGEMENT_PORT", String.valueOf(healthPort));
            }
            ProcessBuilder builder = new ProcessBuilder(ServiceJar.of(root, entry.getValue())
                    .javaCommand(SystemStack.JVM_OPTIONS))
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            processes.add(process);
            // These processes lack the stack's exit-with-parent setting (only compose's environment): make sure
            // they do not outlive a test JVM that ends without running @AfterAll.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            readiness.put(name, URI.create("http://localhost:" + healthPort + "/actuator/health/readiness"));
            log.info("Started {} with only its compose environment {}", name, environment.keySet());
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (Map.Entry<String, URI> service : readiness.entrySet()) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(service.getValue())
                                    .timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode())
                            .as("readiness of %s", service.getKey()).isEqualTo(200));
            log.info("{} is ready", service.getKey());
        }
        assertThat(processes).allMatch(Process::isAlive);
    }

    @AfterAll
    static void stopAll() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} as compose fills them from .env. */
    static String interpolate(String value, Properties dotEnv) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String fallback = matcher.group(0).contains(":-")
                    ? matcher.group(0).substring(matcher.group(0).indexOf(":-") + 2, matcher.group(0).length() - 1)
                    : null;
            String found = dotEnv.getProperty(name, fallback);
            assertThat(found).as("%s in .env.example", name).isNotNull();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(found));
        }
        matcher.appendTail(resolved);
        return resolved.toString().replace("$$", "$");
    }

    /** Compose network addresses to this machine's. */
    private static String localise(String value, Map<String, Map<String, Object>> services,
                                   Map<String, Integer> ports, TestInfrastructure infrastructure, int nowhere) {
        String local = value;
        Matcher jdbc = Pattern.compile("jdbc:postgresql://postgres:5432/(\\w+)").matcher(local);
        if (jdbc.find()) {
            // Databases of their own, so no other test's stack finds this one's rows.
            String database = "compose_" + jdbc.group(1);
            DATABASE_BY_SERVICE.computeIfAbsent(database, created -> {
                infrastructure.createDatabase(created);
                return created;
            });
            local = jdbc.replaceAll(Matcher.quoteReplacement(infrastructure.postgresBaseUrl() + database));
        }
        local = local.replace("kafka:9092", infrastructure.kafkaBootstrapServers());
        local = local.replace("http://minio:9000", "http://localhost:" + nowhere);
        for (Map.Entry<String, Integer> service : ports.entrySet()) {
            Object port = ((Map<?, ?>) services.get(service.getKey()).get("environment")).get("SERVER_PORT");
            local = local.replace("http://" + service.getKey() + ":" + port, "http://localhost:" + service.getValue());
        }
        assertThat(local).as("an address left in the compose network").doesNotContainPattern(
                "//(postgres|kafka|minio|[a-z-]+-service(-\\d)?|gateway-\\d):");
        return local;
    }

    /** Below the ephemeral range, so no outgoing connection takes it before the service binds it (FreePorts). */
    private static int freePort() {
        return dev.courier.infra.FreePorts.find();
    }
}

package dev.courier.stack;

import dev.courier.infra.FreePorts;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every Courier service as its own process, wired to one PostgreSQL and one Kafka: auth, parser, session, group,
 * message and last-seen once each, and {@code gateways} gateway instances ({@code gateway-1}, {@code gateway-2}, …),
 * each on a free port. Start once, use, {@link #close()}.
 */
public final class CourierStack implements AutoCloseable {

    /** Services and their databases (null: no database). The gateways are added separately. */
    private static final Map<String, String> SERVICES = orderedMap(
            "auth-service", "auth",
            "parser-service", null,
            "session-service", "session",
            "group-service", null,
            "message-service", "message",
            "last-seen-service", null);

    private final Map<String, ServiceProcess> processes;
    private final Duration startTimeout;

    private CourierStack(Map<String, ServiceProcess> processes, Duration startTimeout) {
        this.processes = processes;
        this.startTimeout = startTimeout;
    }

    public static Builder builder(Path repositoryRoot, StackInfrastructure infrastructure) {
        return new Builder(repositoryRoot, infrastructure);
    }

    /** Starts every process at once and waits until all answer health. */
    public CourierStack start() {
        processes.values().forEach(ServiceProcess::start);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (ServiceProcess process : processes.values()) {
            waits.add(CompletableFuture.runAsync(() -> process.awaitHealthy(startTimeout)));
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public ServiceProcess process(String name) {
        ServiceProcess process = processes.get(name);
        if (process == null) {
            throw new IllegalArgumentException("No process " + name + "; there are " + processes.keySet());
        }
        return process;
    }

    public List<ServiceProcess> processes() {
        return List.copyOf(processes.values());
    }

    /** The base URL of gateway {@code n} (1-based): REST under {@code /api}, WebSocket at {@code /ws}. */
    public URI gatewayUrl(int n) {
        return process("gateway-" + n).url();
    }

    /** Restarts a killed or stopped process with its old port and settings, and waits until it is healthy. */
    public void restart(String name) {
        ServiceProcess process = process(name);
        process.start();
        process.awaitHealthy(startTimeout);
    }

    @Override
    public void close() {
        processes.values().parallelStream().forEach(ServiceProcess::stop);
    }

    @SafeVarargs
    private static <T> Map<String, T> orderedMap(Object... keysAndValues) {
        Map<String, T> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            T value = (T) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value);
        }
        return map;
    }

    public static final class Builder {

        private final Path root;
        private final StackInfrastructure infrastructure;
        private int gateways = 1;
        private Path logDirectory;
        private List<String> jvmOptions = List.of("-Xms32m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=96m");
        private final Map<String, List<String>> extraArguments = new LinkedHashMap<>();
        private final List<String> commonArguments = new ArrayList<>();
        private Duration startTimeout = Duration.ofMinutes(4);
        private int firstPort;

        private Builder(Path root, StackInfrastructure infrastructure) {
            this.root = root;
            this.infrastructure = infrastructure;
            this.logDirectory = root.resolve("target/stack-logs");
        }

        public Builder gateways(int count) {
            this.gateways = count;
            return this;
        }

        public Builder logDirectory(Path directory) {
            this.logDirectory = directory;
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Adds JVM options to the defaults, e.g. {@code -XX:TieredStopAtLevel=1} for quicker start-up in tests. */
        public Builder addJvmOptions(String... options) {
            List<String> all = new ArrayList<>(jvmOptions);
            all.addAll(List.of(options));
            this.jvmOptions = all;
            return this;
        }

        /** A Spring property for one service, e.g. {@code ("message-service", "courier.message.time-to-live", "8s")}. */
        public Builder property(String service, String key, String value) {
            extraArguments.computeIfAbsent(service, s -> new ArrayList<>()).add("--" + key + "=" + value);
            return this;
        }

        /** A Spring property for every service. */
        public Builder property(String key, String value) {
            commonArguments.add("--" + key + "=" + value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Use fixed ports from {@code port} upwards (gateway-1 first) instead of free ones. */
        public Builder firstPort(int port) {
            this.firstPort = port;
            return this;
        }

        public CourierStack build() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (int n = 1; n <= gateways; n++) {
                names.add("gateway-" + n);
            }
            names.addAll(SERVICES.keySet());
            int next = firstPort;
            for (String name : names) {
                ports.put(name, firstPort == 0 ? FreePorts.find() : next++);
            }
            String url = "http://localhost:";
            List<String> common = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + url + ports.get("auth-service")
                            + "/.well-known/jwks.json"));
            common.addAll(commonArguments);

            Map<String, ServiceProcess> processes = new LinkedHashMap<>();
            for (String name : names) {
                boolean gateway = name.startsWith("gateway-");
                String module = gateway ? "gateway-service" : name;
                List<String> arguments = new ArrayList<>(common);
                String database = SERVICES.get(name);
                if (database != null) {
                    infrastructure.databaseCreator().accept(database);
                    arguments.add("--spring.datasource.url=" + infrastructure.postgresBaseUrl() + database);
                    arguments.add("--spring.datasource.username=" + infrastructure.postgresUser());
                    arguments.add("--spring.datasource.password=" + infrastructure.postgresPassword());
                }
                if (gateway) {
                    arguments.add("--courier.gateway.id=" + name.replace("gateway-", "gw-"));
                    arguments.add("--courier.gateway.routes.auth=" + url + ports.get("auth-service"));
                    arguments.add("--courier.gateway.routes.group=" + url + ports.get("group-service"));
                    arguments.add("--courier.gateway.routes.message=" + url + ports.get("message-service"));
                    arguments.add("--courier.gateway.routes.last-seen=" + url + ports.get("last-seen-service"));
                }
                if (name.equals("session-service")) {
                    arguments.add("--courier.session.auth-url=" + url + ports.get("auth-service"));
                }
                arguments.addAll(extraArguments.getOrDefault(module, List.of()));
                if (!name.equals(module)) {
                    arguments.addAll(extraArguments.getOrDefault(name, List.of()));
                }
                Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("Missing " + jar + ": build first (./mvnw -DskipTests package)");
                }
                processes.put(name, new ServiceProcess(name, jar, ports.get(name), jvmOptions, arguments,
                        logDirectory.resolve(name + ".log")));
            }
            return new CourierStack(processes, startTimeout);
        }
    }
}

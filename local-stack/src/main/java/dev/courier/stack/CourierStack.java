package dev.courier.stack;

import dev.courier.infra.FreePorts;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every Courier service as its own process, wired to one PostgreSQL and one Kafka: auth, parser, session, message
 * last-seen and media once each, {@code gateways} gateway instances ({@code gateway-1}, {@code gateway-2}, …) and
 * {@code groupServices} group-service instances ({@code group-service-1}, …) that session-service finds as static
 * discovery instances, each on a free port. Start once, use, {@link #close()}.
 */
public final class CourierStack implements AutoCloseable {

    /** Modules with a database of their own, and its name. */
    static final Map<String, String> DATABASES = Map.of(
            "auth-service", "auth",
            "session-service", "session",
            "group-service", "groups",
            "message-service", "message",
            "last-seen-service", "lastseen",
            "media-service", "media");

    /** Modules that run as one process each; gateways and group-service instances are counted separately. */
    private static final List<String> SINGLE_INSTANCE = List.of(
            "auth-service", "parser-service", "session-service", "message-service", "last-seen-service", "media-service");

    /**
     * JVM options of every service process unless a builder says otherwise: small heaps and the serial collector,
     * as ten JVMs share the machine with their PostgreSQL and Kafka.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-Xss512k",
            "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=96m");

    private final Map<String, ServiceProcess> processes;
    private final Duration startTimeout;

    private CourierStack(Map<String, ServiceProcess> processes, Duration startTimeout) {
        this.processes = processes;
        this.startTimeout = startTimeout;
    }

    public static Builder builder(Path repositoryRoot, StackInfrastructure infrastructure) {
        return new Builder(repositoryRoot, infrastructure);
    }

    /**
     * Makes what a quick start needs (each module's extracted jar, and on JDK 25+ its AOT cache: once per build and
     * set of JVM options, see {@link StartupCaches}), then starts every process at once and waits until all answer
     * health. Each one's start-up time is in {@link ServiceProcess#startupTime()}.
     */
    public CourierStack start() {
        StartupCaches.prepare(processes.values(), startTimeout);
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

    /**
     * Restarts killed or stopped processes with their old ports and settings, all at once, and waits until every one
     * is healthy.
     */
    public void restart(String... names) {
        List<ServiceProcess> restarted = Arrays.stream(names).map(this::process).toList();
        restarted.forEach(ServiceProcess::start);
        CompletableFuture.allOf(restarted.stream()
                .map(process -> CompletableFuture.runAsync(() -> process.awaitHealthy(startTimeout)))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Stops every process: SIGTERM to all at once, SIGKILL to any still running after ten seconds. */
    @Override
    public void close() {
        processes.values().forEach(ServiceProcess::terminate);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ServiceProcess process : processes.values()) {
            process.awaitExitOrKill(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    public static final class Builder {

        private final Path root;
        private final StackInfrastructure infrastructure;
        private int gateways = 1;
        private int groupServices = 1;
        private Path logDirectory;
        private Path mediaDirectory;
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private final Map<String, List<String>> extraArguments = new LinkedHashMap<>();
        private final Map<String, List<String>> extraJvmOptions = new LinkedHashMap<>();
        private final List<String> commonArguments = new ArrayList<>();
        private Duration startTimeout = Duration.ofMinutes(4);
        private int firstPort;

        private Builder(Path root, StackInfrastructure infrastructure) {
            this.root = root;
            this.infrastructure = infrastructure;
            this.logDirectory = root.resolve("target/stack-logs");
            this.mediaDirectory = root.resolve("target/stack-media");
        }

        public Builder gateways(int count) {
            this.gateways = count;
            return this;
        }

        /** How many group-service instances ({@code group-service-1}, …) share the group lookups. */
        public Builder groupServices(int count) {
            this.groupServices = count;
            return this;
        }

        public Builder logDirectory(Path directory) {
            this.logDirectory = directory;
            return this;
        }

        /** Where media-service keeps uploaded images (local disk storage). */
        public Builder mediaDirectory(Path directory) {
            this.mediaDirectory = directory;
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

        /**
         * A JVM option for one module's processes (after the defaults, so it wins), e.g.
         * {@code ("gateway-service", "-Xmx1g")} for a benchmark of many connections.
         */
        public Builder jvmOption(String module, String option) {
            extraJvmOptions.computeIfAbsent(module, m -> new ArrayList<>()).add(option);
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
            Map<String, String> modules = new LinkedHashMap<>();
            for (int n = 1; n <= gateways; n++) {
                modules.put("gateway-" + n, "gateway-service");
            }
            SINGLE_INSTANCE.forEach(module -> modules.put(module, module));
            for (int n = 1; n <= groupServices; n++) {
                modules.put("group-service-" + n, "group-service");
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            int next = firstPort;
            for (String name : modules.keySet()) {
                ports.put(name, firstPort == 0 ? FreePorts.find() : next++);
            }
            // A gateway's actuator answers on a port of its own, never on its clients' port.
            Map<String, Integer> managementPorts = new LinkedHashMap<>();
            for (String name : modules.keySet()) {
                managementPorts.put(name, !modules.get(name).equals("gateway-service") ? ports.get(name)
                        : firstPort == 0 ? FreePorts.find() : next++);
            }
            String url = "http://localhost:";
            List<String> common = new ArrayList<>(List.of(
                    "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + url + ports.get("auth-service")
                            + "/.well-known/jwks.json",
                    "--courier.session.auth-url=" + url + ports.get("auth-service"),
                    "--courier.group.auth-url=" + url + ports.get("auth-service"),
                    "--courier.lastseen.auth-url=" + url + ports.get("auth-service"),
                    "--courier.session.media-url=" + url + ports.get("media-service"),
                    "--courier.auth.media-url=" + url + ports.get("media-service"),
                    "--courier.auth.last-seen-url=" + url + ports.get("last-seen-service"),
                    "--courier.media.last-seen-url=" + url + ports.get("last-seen-service"),
                    // If this launcher dies without stopping its children, they follow it (see ServiceProcess).
                    "--courier.process.exit-with-parent=true",
                    // What services show each other on /internal/** (docs/security.md): new for every stack.
                    "--courier.security.service-token=" + java.util.UUID.randomUUID()));
            common.addAll(commonArguments);
            for (int n = 1; n <= groupServices; n++) {
                common.add("--spring.cloud.discovery.client.simple.instances.group-service[" + (n - 1) + "].uri="
                        + url + ports.get("group-service-" + n));
            }

            Map<String, ServiceProcess> processes = new LinkedHashMap<>();
            modules.forEach((name, module) -> {
                List<String> arguments = new ArrayList<>(common);
                String database = DATABASES.get(module);
                if (database != null) {
                    infrastructure.databaseCreator().accept(database);
                    arguments.add("--spring.datasource.url=" + infrastructure.postgresBaseUrl() + database);
                    arguments.add("--spring.datasource.username=" + infrastructure.postgresUser());
                    arguments.add("--spring.datasource.password=" + infrastructure.postgresPassword());
                }
                if (module.equals("gateway-service")) {
                    arguments.add("--courier.gateway.id=" + name.replace("gateway-", "gw-"));
                    arguments.add("--courier.gateway.routes.auth=" + url + ports.get("auth-service"));
                    arguments.add("--courier.gateway.routes.group=" + url + ports.get("group-service-1"));
                    arguments.add("--courier.gateway.routes.message=" + url + ports.get("message-service"));
                    arguments.add("--courier.gateway.routes.last-seen=" + url + ports.get("last-seen-service"));
                    arguments.add("--courier.gateway.routes.media=" + url + ports.get("media-service"));
                }
                if (!module.equals("gateway-service")) {
                    // Only the gateways face clients; the services answer on loopback alone.
                    arguments.add("--server.address=127.0.0.1");
                }
                if (module.equals("auth-service")) {
                    // Tests and load tools register and log in thousands of users from this one address.
                    arguments.add("--courier.auth.registrations.burst=1000000");
                    arguments.add("--courier.auth.registrations.per-hour=1000000");
                    arguments.add("--courier.auth.login-throttle.address-free-failures=1000000");
                }
                if (module.equals("media-service")) {
                    arguments.add("--courier.media.storage.local.root=" + mediaDirectory.toAbsolutePath());
                }
                if (module.equals("group-service")) {
                    arguments.add("--courier.group.instance-id=" + name.replace("group-service-", "group-"));
                }
                arguments.addAll(extraArguments.getOrDefault(module, List.of()));
                if (!name.equals(module)) {
                    arguments.addAll(extraArguments.getOrDefault(name, List.of()));
                }
                ServiceJar jar = ServiceJar.of(root, module);
                if (!Files.isRegularFile(jar.fatJar())) {
                    throw new IllegalStateException("Missing " + jar.fatJar()
                            + ": build first (./mvnw -DskipTests package)");
                }
                List<String> options = new ArrayList<>(jvmOptions);
                options.addAll(extraJvmOptions.getOrDefault(module, List.of()));
                processes.put(name, new ServiceProcess(name, jar, ports.get(name), managementPorts.get(name), options,
                        arguments, logDirectory.resolve(name + ".log")));
            });
            return new CourierStack(processes, startTimeout);
        }
    }
}

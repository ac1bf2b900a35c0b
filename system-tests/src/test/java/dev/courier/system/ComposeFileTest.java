package dev.courier.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, checked without a Docker engine (the schema itself is bin/check-compose's job): every service
 * module runs in it, built from the one Dockerfile, with the environment it needs; the gateways sit behind the load
 * balancer; dependencies and volumes resolve.
 */
class ComposeFileTest {

    private static final List<String> DATASOURCE =
            List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
    private static final List<String> KAFKA = List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS");
    private static final List<String> JWKS = List.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI");

    /**
     * The environment variables each service module needs in compose, on top of {@code SERVER_PORT}. One row per
     * module: a new service module must add its row (the test fails until it does), a new setting its name.
     */
    private static final Map<String, List<String>> REQUIRED_ENVIRONMENT = Map.of(
            "auth-service", vars(DATASOURCE, KAFKA, List.of("COURIER_AUTH_LASTSEENURL", "COURIER_AUTH_MEDIAURL")),
            "parser-service", vars(KAFKA),
            "session-service", vars(DATASOURCE, KAFKA, List.of("COURIER_SESSION_AUTHURL", "COURIER_SESSION_MEDIAURL",
                    "SPRING_APPLICATION_JSON")),
            "group-service", vars(DATASOURCE, KAFKA, JWKS, List.of("COURIER_GROUP_AUTHURL", "COURIER_GROUP_INSTANCEID")),
            "message-service", vars(DATASOURCE, KAFKA, JWKS, List.of("SPRING_APPLICATION_JSON")),
            "last-seen-service", vars(DATASOURCE, KAFKA, JWKS, List.of("COURIER_LASTSEEN_AUTHURL")),
            "media-service", vars(DATASOURCE, KAFKA, JWKS, List.of("COURIER_MEDIA_STORAGE_TYPE",
                    "COURIER_MEDIA_STORAGE_S3_ENDPOINT", "COURIER_MEDIA_STORAGE_S3_BUCKET",
                    "COURIER_MEDIA_STORAGE_S3_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "COURIER_MEDIA_LASTSEENURL")),
            "gateway-service", vars(KAFKA, JWKS, List.of("COURIER_GATEWAY_ID", "COURIER_GATEWAY_ROUTES_AUTH",
                    "COURIER_GATEWAY_ROUTES_GROUP", "COURIER_GATEWAY_ROUTES_MESSAGE", "COURIER_GATEWAY_ROUTES_LASTSEEN",
                    "COURIER_GATEWAY_ROUTES_MEDIA")));

    /** Values that are secrets: they must come from the environment (.env), never be written in the file. */
    private static final Set<String> SECRETS = Set.of("SPRING_DATASOURCE_PASSWORD", "AWS_SECRET_ACCESS_KEY",
            "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "GF_SECURITY_ADMIN_PASSWORD");

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        root = Path.of(System.getProperty("courier.root", "..")).toAbsolutePath().normalize();
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyServiceModuleRunsBuiltFromTheDockerfile() throws IOException {
        Set<String> modules = serviceModules();
        assertThat(modules).contains("auth-service", "gateway-service", "parser-service");
        assertThat(REQUIRED_ENVIRONMENT.keySet())
                .as("each service module needs its row in REQUIRED_ENVIRONMENT").containsAll(modules);
        for (String module : modules) {
            assertThat(instancesOf(module)).as("compose services built with MODULE=%s", module).isNotEmpty();
        }
        Set<String> reactor = reactorModules();
        for (String name : services.keySet()) {
            String module = module(name);
            if (module != null) {
                assertThat(reactor).as("MODULE of %s", name).contains(module);
                Map<String, Object> build = map(services.get(name).get("build"));
                assertThat(build.getOrDefault("context", ".")).as("build context of %s", name).isEqualTo(".");
                assertThat(build.getOrDefault("dockerfile", "Dockerfile")).isEqualTo("Dockerfile");
            }
        }
        assertThat(Files.readString(root.resolve("Dockerfile")))
                .contains("ARG MODULE", "${MODULE}/target/${MODULE}.jar", "USER ", "EXPOSE", "ENTRYPOINT");
    }

    @Test
    void everyServiceGetsTheEnvironmentItNeeds() {
        for (String name : services.keySet()) {
            String module = module(name);
            if (module == null) {
                continue;
            }
            Map<String, String> environment = environment(name);
            List<String> required = new ArrayList<>(REQUIRED_ENVIRONMENT.getOrDefault(module, List.of()));
            required.add("SERVER_PORT");
            for (String variable : required) {
                assertThat(environment.get(variable)).as("%s of %s", variable, name).isNotBlank();
            }
        }
    }

    @Test
    void secretsComeFromTheEnvironment() {
        for (String name : services.keySet()) {
            environment(name).forEach((variable, value) -> {
                if (SECRETS.contains(variable)) {
                    assertThat(value).as("%s of %s", variable, name).startsWith("${");
                }
            });
        }
        assertThat(compose).as("no top-level name: Debian's docker-compose 1.29 rejects it").doesNotContainKey("name");
    }

    @Test
    void twoGatewaysBehindTheLoadBalancer() throws IOException {
        assertThat(module("gateway-1")).isEqualTo("gateway-service");
        assertThat(module("gateway-2")).isEqualTo("gateway-service");
        assertThat(environment("gateway-1").get("COURIER_GATEWAY_ID"))
                .isNotEqualTo(environment("gateway-2").get("COURIER_GATEWAY_ID"));
        assertThat(services).containsKey("lb");
        assertThat(services.get("lb").get("ports").toString()).contains("8080");
        assertThat(dependencies("lb")).contains("gateway-1", "gateway-2");
        String nginx = Files.readString(root.resolve("deploy/nginx/nginx.conf"));
        assertThat(nginx).contains("gateway-1:8080", "gateway-2:8080", "Upgrade $http_upgrade", "proxy_read_timeout");
    }

    @Test
    void everyGroupServiceInstanceIsDistinctAndKnownToSessionService() {
        List<String> groupServices = instancesOf("group-service");
        assertThat(groupServices).hasSizeGreaterThanOrEqualTo(2);
        assertThat(groupServices.stream().map(name -> environment(name).get("COURIER_GROUP_INSTANCEID")))
                .doesNotHaveDuplicates();
        String discovery = environment("session-service").get("SPRING_APPLICATION_JSON");
        for (String name : groupServices) {
            assertThat(discovery).as("session-service's group-service instances").contains("http://" + name + ":");
        }
    }

    @Test
    void everyBuiltServiceHasAReadinessHealthCheck() {
        for (String name : services.keySet()) {
            if (module(name) != null) {
                Map<String, Object> healthcheck = map(services.get(name).get("healthcheck"));
                assertThat(String.valueOf(healthcheck.get("test"))).as("health check of %s", name)
                        .contains("/actuator/health/readiness");
            }
        }
    }

    @Test
    void everyDependencyNamesAServiceAndWaitsForItsHealth() {
        for (String name : services.keySet()) {
            Object dependsOn = services.get(name).get("depends_on");
            for (String dependency : dependencies(name)) {
                assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
                if (dependsOn instanceof Map<?, ?> conditions) {
                    String condition = String.valueOf(map(conditions.get(dependency)).get("condition"));
                    assertThat(condition).as("%s waits for %s", name, dependency)
                            .isIn("service_healthy", "service_completed_successfully");
                    if (condition.equals("service_healthy")) {
                        assertThat(services.get(dependency)).as("health check of %s", dependency)
                                .containsKey("healthcheck");
                    }
                }
            }
        }
    }

    @Test
    void everyNamedVolumeIsDeclared() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> service : services.values()) {
            for (Object volume : list(service.get("volumes"))) {
                String source = volume instanceof Map<?, ?> long_ ? String.valueOf(long_.get("source"))
                        : String.valueOf(volume).split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~")) {
                    used.add(source);
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(declared).containsAll(used);
        for (String file : List.of("deploy/postgres/init.sql", "deploy/nginx/nginx.conf", ".env.example")) {
            assertThat(root.resolve(file)).exists();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMonitoringProfileScrapesEveryServiceAndProvisionsTheDashboard() throws IOException {
        for (String tool : List.of("prometheus", "grafana")) {
            assertThat(services).containsKey(tool);
            assertThat(String.valueOf(services.get(tool).get("profiles"))).as("profiles of %s", tool).contains("monitoring");
            assertThat(list(services.get(tool).get("ports")).toString()).as("ports of %s", tool).contains("127.0.0.1:");
        }
        Map<String, Object> prometheus;
        try (Reader reader = Files.newBufferedReader(root.resolve("deploy/prometheus/prometheus.yml"))) {
            prometheus = new Yaml().load(reader);
        }
        String scrapes = String.valueOf(prometheus.get("scrape_configs"));
        assertThat(scrapes).contains("/actuator/prometheus");
        for (String name : services.keySet()) {
            if (module(name) != null) {
                String port = environment(name).getOrDefault("COURIER_GATEWAY_MANAGEMENT_PORT",
                        environment(name).get("SERVER_PORT"));
                assertThat(scrapes).as("Prometheus scrapes %s", name).contains(name + ":" + port);
            }
        }
        String dashboard = Files.readString(root.resolve("deploy/grafana/dashboards/courier.json"));
        // The series an operator needs, by their Prometheus names as Micrometer exports them.
        assertThat(dashboard).contains("courier_delivery_latency_seconds_bucket", "courier_gateway_connections",
                "courier_deliveries_pending", "kafka_consumer_fetch_manager_records_lag_max",
                "courier_kafka_dead_letters_total", "courier_delivery_retries_total");
        assertThat(String.valueOf(services.get("grafana").get("volumes")))
                .contains("./deploy/grafana/provisioning", "./deploy/grafana/dashboards");
        assertThat(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")).exists();
        assertThat(root.resolve("deploy/grafana/provisioning/dashboards/courier.yml")).exists();
    }

    /** Directories {@code *-service} with a pom, and the {@code *-service} modules of the root pom. */
    private static Set<String> serviceModules() throws IOException {
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(dir -> dir.getFileName().toString().endsWith("-service"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .forEach(dir -> modules.add(dir.getFileName().toString()));
        }
        reactorModules().stream().filter(module -> module.endsWith("-service")).forEach(modules::add);
        return modules;
    }

    private static Set<String> reactorModules() throws IOException {
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        Set<String> modules = new HashSet<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    private static List<String> instancesOf(String module) {
        return services.keySet().stream().filter(name -> module.equals(module(name))).sorted().toList();
    }

    /** The {@code MODULE} build argument of a compose service, or null for one not built from this repository. */
    private static String module(String name) {
        Object build = services.get(name).get("build");
        if (build == null) {
            return null;
        }
        Object args = map(build).get("args");
        if (args instanceof Map<?, ?> byName) {
            Object module = byName.get("MODULE");
            return module == null ? null : module.toString();
        }
        for (Object arg : list(args)) {
            if (arg.toString().startsWith("MODULE=")) {
                return arg.toString().substring("MODULE=".length());
            }
        }
        return null;
    }

    private static Map<String, String> environment(String name) {
        Object environment = services.get(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> byName) {
            byName.forEach((key, value) -> variables.put(key.toString(), value == null ? null : value.toString()));
        } else {
            for (Object entry : list(environment)) {
                String[] parts = entry.toString().split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : null);
            }
        }
        return variables;
    }

    private static Collection<String> dependencies(String name) {
        Object dependsOn = services.get(name).get("depends_on");
        if (dependsOn instanceof Map<?, ?> byName) {
            return byName.keySet().stream().map(Object::toString).toList();
        }
        return list(dependsOn).stream().map(Object::toString).toList();
    }

    @SafeVarargs
    private static List<String> vars(List<String>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}

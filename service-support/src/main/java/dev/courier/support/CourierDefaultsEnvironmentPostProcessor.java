package dev.courier.support;

import dev.courier.support.api.GroupMembersApi;
import dev.courier.support.api.MediaApi;
import dev.courier.support.api.UsersApi;
import dev.courier.support.api.VisibilityApi;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Settings every Courier service shares, added with the lowest precedence so a service's application.yml or the
 * environment can still override each one: Kafka serde and delivery guarantees, JPA and actuator defaults, the
 * timeouts of internal calls.
 */
public class CourierDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "courierDefaults";

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // Kafka: idempotent producers that wait for all in-sync replicas; JSON events with their type inside.
            Map.entry("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer"),
            Map.entry("spring.kafka.producer.value-serializer", "dev.courier.support.kafka.CourierRecordSerializer"),
            Map.entry("spring.kafka.producer.acks", "all"),
            Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
            Map.entry("spring.kafka.producer.properties.linger.ms", "1"),
            Map.entry("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
            Map.entry("spring.kafka.consumer.value-deserializer",
                    "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer"),
            Map.entry("spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
                    "dev.courier.support.kafka.CourierEventDeserializer"),
            // A new consumer group reads what was published before it first joined: nothing is skipped on deploy.
            Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
            Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
            Map.entry("spring.kafka.consumer.properties.max.poll.interval.ms", "120000"),
            // Offsets are committed every 100 ms, of the records whose listener has returned (their effects are
            // durable): a commit per poll was nearly a broker write per record and hop at moderate rates. A crash
            // replays up to the last 100 ms: stores are idempotent, clients drop messages by id, and gateways drop
            // a replayed "delivered" behind a "read" (see docs/performance.md, change 6).
            Map.entry("spring.kafka.listener.ack-mode", "time"),
            Map.entry("spring.kafka.listener.ack-time", "100ms"),
            // A crashed instance's partitions move to the survivors (or to its restart) within seconds, not 45 s.
            Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "10000"),
            Map.entry("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000"),
            // Persistence: schemas belong to Flyway; sessions never span a web request.
            Map.entry("spring.jpa.open-in-view", "false"),
            Map.entry("spring.jpa.hibernate.ddl-auto", "validate"),
            Map.entry("spring.datasource.hikari.maximum-pool-size", "8"),
            // Operations.
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,metrics"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("spring.mvc.problemdetails.enabled", "true"),
            // OpenAPI (springdoc, where a service has it): the public /api/** endpoints only, merged by the gateway.
            Map.entry("springdoc.paths-to-match", "/api/**"),
            Map.entry("spring.threads.virtual.enabled", "true"),
            Map.entry("server.shutdown", "graceful"),
            Map.entry("spring.main.banner-mode", "off"),
            // Tracing (dev.courier.support.tracing): W3C traceparent only; every log line shows the trace id and
            // the message id it is about (MDC), so one message can be followed through every service's log.
            Map.entry("management.tracing.propagation.type", "W3C"),
            Map.entry("logging.pattern.correlation", "[%X{traceId:-},%X{messageId:-}] "));

    /** Boot 4's name for the OTLP span endpoint; unset (the default): spans are not exported anywhere. */
    static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    /** Boot 3's name (env MANAGEMENT_OTLP_TRACING_ENDPOINT), which Boot 4 no longer binds: still honoured here. */
    static final String OTLP_ENDPOINT_BOOT3 = "management.otlp.tracing.endpoint";
    static final String SAMPLING = "management.tracing.sampling.probability";

    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        defaults.putAll(internalCallTimeouts());
        ClassLoader classLoader = application.getClassLoader();
        defaults.put(READINESS_INCLUDE, readinessIncludes(name -> ClassUtils.isPresent(name, classLoader)));
        defaults.putAll(tracingDefaults(environment.getProperty(OTLP_ENDPOINT),
                environment.getProperty(OTLP_ENDPOINT_BOOT3)));
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /**
     * Sampling: trace ids are made and passed on for every message either way (the logs need them); only sampled
     * spans are recorded. Without an OTLP endpoint nothing would read a recorded span, so none is (probability 0:
     * no span data, no export queue, the per-message cost is making and passing on the ids). With an endpoint,
     * every trace is recorded and exported (1.0) unless {@value #SAMPLING} says otherwise. The Boot 3 endpoint
     * property is mapped to Boot 4's.
     */
    static Map<String, Object> tracingDefaults(String endpoint, String boot3Endpoint) {
        Map<String, Object> defaults = new HashMap<>();
        boolean exporting = hasText(endpoint) || hasText(boot3Endpoint);
        if (!hasText(endpoint) && hasText(boot3Endpoint)) {
            defaults.put(OTLP_ENDPOINT, boot3Endpoint);
        }
        defaults.put(SAMPLING, exporting ? "1.0" : "0.0");
        return defaults;
    }

    /**
     * Connect and read timeouts of the internal calls ({@code dev.courier.support.api}), per called service: Boot's
     * global {@code spring.http.clients.*} would reach other clients too (the gateway's proxy, which must wait for
     * slow uploads).
     */
    static Map<String, Object> internalCallTimeouts() {
        Map<String, Object> defaults = new HashMap<>();
        for (String service : List.of(UsersApi.SERVICE, VisibilityApi.SERVICE, MediaApi.SERVICE,
                GroupMembersApi.SERVICE)) {
            defaults.put("spring.http.serviceclient." + service + ".connect-timeout", "2s");
            defaults.put("spring.http.serviceclient." + service + ".read-timeout", "2s");
        }
        return defaults;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Ready = Boot's readiness state (the context is refreshed, so Flyway has migrated), plus {@code kafkaConsumers}
     * (every listener has had its partitions assigned; see {@code KafkaConsumersHealthIndicator}) where spring-kafka
     * is present, plus {@code db} (the DataSource answers) where Boot's JDBC support is. Each name is included only
     * where its indicator exists, because Boot refuses to start with a group naming a missing one.
     */
    static String readinessIncludes(Predicate<String> classPresent) {
        List<String> include = new ArrayList<>(List.of("readinessState"));
        if (!classPresent.test("org.springframework.boot.health.contributor.HealthIndicator")) {
            return String.join(",", include);
        }
        if (classPresent.test("org.springframework.kafka.config.KafkaListenerEndpointRegistry")) {
            include.add("kafkaConsumers");
        }
        if (classPresent.test("org.springframework.boot.jdbc.health.DataSourceHealthIndicator")) {
            include.add("db");
        }
        return String.join(",", include);
    }
}

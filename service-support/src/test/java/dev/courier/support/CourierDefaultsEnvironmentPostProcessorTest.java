package dev.courier.support;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CourierDefaultsEnvironmentPostProcessorTest {

    private static final String HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";
    private static final String KAFKA = "org.springframework.kafka.config.KafkaListenerEndpointRegistry";
    private static final String JDBC = "org.springframework.boot.jdbc.health.DataSourceHealthIndicator";

    @Test
    void readinessIncludesTheIndicatorsThatExist() {
        assertThat(includes(HEALTH, KAFKA, JDBC)).isEqualTo("readinessState,kafkaConsumers,db");
        assertThat(includes(HEALTH, KAFKA)).isEqualTo("readinessState,kafkaConsumers");
        assertThat(includes(HEALTH, JDBC)).isEqualTo("readinessState,db");
        assertThat(includes(KAFKA, JDBC)).isEqualTo("readinessState");
    }

    @Test
    void tracesAreRecordedOnlyWhenAnOtlpEndpointIsConfigured() {
        assertThat(CourierDefaultsEnvironmentPostProcessor.tracingDefaults(null, null))
                .containsExactly(Map.entry("management.tracing.sampling.probability", "0.0"));
        assertThat(CourierDefaultsEnvironmentPostProcessor.tracingDefaults("http://collector:4318/v1/traces", null))
                .containsExactly(Map.entry("management.tracing.sampling.probability", "1.0"));
    }

    @Test
    void theBoot3EndpointPropertyStillTurnsExportOn() {
        assertThat(CourierDefaultsEnvironmentPostProcessor.tracingDefaults(null, "http://jaeger:4318/v1/traces"))
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://jaeger:4318/v1/traces")
                .containsEntry("management.tracing.sampling.probability", "1.0");
    }

    private static String includes(String... present) {
        return CourierDefaultsEnvironmentPostProcessor.readinessIncludes(Set.of(present)::contains);
    }
}

package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.courier.helm.Documents.env;
import static dev.courier.helm.Documents.find;
import static dev.courier.helm.Documents.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart as operators will install it, in the combinations that change its shape, against schema and rules. */
class RenderedChartTest {

    private static final List<String> DEPLOYMENTS = List.of("auth", "parser", "session", "message", "last-seen", "media");
    private static final List<String> STATEFUL_SETS = List.of("gateway", "group");

    @Test
    void theDefaultsPassTheKubernetesSchemaAndEveryRule() {
        List<JsonNode> documents = Chart.render(Map.of());

        assertValid(documents);
        DEPLOYMENTS.forEach(name -> find(documents, "Deployment", "courier-" + name));
        STATEFUL_SETS.forEach(name -> find(documents, "StatefulSet", "courier-" + name));
        assertThat(ofKind(documents, "HorizontalPodAutoscaler")).extracting(d -> d.at("/spec/scaleTargetRef/name").asText())
                .containsExactlyInAnyOrder("courier-gateway", "courier-parser", "courier-session", "courier-message");
        assertThat(ofKind(documents, "PodDisruptionBudget")).hasSize(DEPLOYMENTS.size() + STATEFUL_SETS.size());
        assertThat(find(documents, "Ingress", "courier").at("/metadata/annotations")
                .path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText()).isEqualTo("3600");
    }

    @Test
    void livenessNeverAsksKafkaOrTheDatabase() {
        for (JsonNode workload : workloads(Chart.render(Map.of()))) {
            assertThat(env(workload, "MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE")).isEqualTo("livenessState");
            assertThat(env(workload, "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).isEqualTo("true");
        }
    }

    @Test
    void theServicesAreWiredAsInTheComposeFile() {
        List<JsonNode> documents = Chart.render(Map.of());
        JsonNode gateway = find(documents, "StatefulSet", "courier-gateway");
        JsonNode session = find(documents, "Deployment", "courier-session");
        JsonNode media = find(documents, "Deployment", "courier-media");

        assertThat(env(gateway, "COURIER_GATEWAY_ROUTES_MESSAGE")).isEqualTo("http://courier-message:8085");
        assertThat(env(gateway, "COURIER_GATEWAY_MANAGEMENT_PORT")).isEqualTo("8090");
        assertThat(Documents.container(gateway).at("/env").toString())
                .contains("{\"name\":\"COURIER_GATEWAY_ID\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}");
        assertThat(env(session, "SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres.databases:5432/session");
        assertThat(env(session, "SPRING_APPLICATION_JSON")).contains(
                "http://courier-group-0.courier-group-headless:8084", "http://courier-group-1.courier-group-headless:8084");
        assertThat(env(session, "SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-bootstrap.kafka:9092");
        assertThat(env(session, "COURIER_KAFKA_REPLICAS")).isEqualTo("3");
        assertThat(env(session, "COURIER_KAFKA_PARTITIONS")).isEqualTo("4");
        assertThat(env(media, "COURIER_MEDIA_STORAGE_S3_BUCKET")).isEqualTo("courier-media");
        assertThat(Documents.container(media).at("/env").toString()).contains("\"secretKeyRef\":{\"name\":\"courier-s3\"");
    }

    @Test
    void strimziAndCloudNativePgResourcesPassTheirOperatorsSchemas() {
        Map<String, Object> values = new HashMap<>(Chart.REQUIRED_VALUES);
        values.remove("kafka.bootstrapServers");
        values.remove("postgresql.host");
        values.remove("postgresql.existingSecret");
        values.putAll(Map.of("strimzi.enabled", true, "strimzi.replicas", 2, "cloudnativepg.enabled", true));

        List<JsonNode> documents = Chart.renderExactly(values);

        assertValid(documents);
        find(documents, "Kafka", "courier-kafka");
        find(documents, "KafkaNodePool", "courier-kafka-nodes");
        JsonNode cluster = find(documents, "Cluster", "courier-postgresql");
        assertThat(cluster.at("/spec/bootstrap/initdb/postInitSQL").toString()).contains("CREATE DATABASE groups OWNER courier");
        JsonNode message = find(documents, "Deployment", "courier-message");
        assertThat(env(message, "SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("courier-kafka-kafka-bootstrap:9092");
        // Two brokers: topics replicated twice, and min.insync.replicas below that, or no write would succeed.
        assertThat(env(message, "COURIER_KAFKA_REPLICAS")).isEqualTo("2");
        assertThat(find(documents, "Kafka", "courier-kafka").at("/spec/kafka/config/min.insync.replicas").asInt())
                .isEqualTo(1);
        assertThat(env(message, "SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://courier-postgresql-rw:5432/message");
        assertThat(Documents.container(message).at("/env").toString())
                .contains("\"secretKeyRef\":{\"name\":\"courier-postgresql-app\",\"key\":\"password\"}");
    }

    @Test
    void aSingleReplicaHasNoDisruptionBudget() {
        List<JsonNode> documents = Chart.render(Map.of(
                "gateway.autoscaling.enabled", false, "gateway.replicas", 1, "auth.replicas", 1, "group.replicas", 1));

        assertValid(documents);
        assertThat(ofKind(documents, "PodDisruptionBudget")).extracting(d -> d.at("/metadata/name").asText())
                .doesNotContain("courier-gateway", "courier-auth", "courier-group")
                .contains("courier-media", "courier-message");
        assertThat(ofKind(documents, "HorizontalPodAutoscaler")).extracting(d -> d.at("/metadata/name").asText())
                .doesNotContain("courier-gateway");
        assertThat(find(documents, "StatefulSet", "courier-gateway").at("/spec/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void withoutAnIngressTheRestStillPasses() {
        Map<String, Object> values = new HashMap<>(Chart.REQUIRED_VALUES);
        values.remove("ingress.host");
        values.put("ingress.enabled", false);

        List<JsonNode> documents = Chart.renderExactly(values);

        assertValid(documents);
        assertThat(ofKind(documents, "Ingress")).isEmpty();
    }

    static void assertValid(List<JsonNode> documents) {
        assertThat(documents).isNotEmpty();
        assertThat(KubernetesSchema.shared().problems(documents)).isEmpty();
        assertThat(ChartRules.violations(documents)).isEmpty();
    }

    private static List<JsonNode> workloads(List<JsonNode> documents) {
        return documents.stream().filter(d -> List.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
                .toList();
    }
}

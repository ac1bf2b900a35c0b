package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.courier.helm.Documents.container;
import static dev.courier.helm.Documents.find;
import static org.assertj.core.api.Assertions.assertThat;

/** The schema check fails on each kind of broken document: shown on broken copies of the chart's own output. */
class KubernetesSchemaTest {

    private static List<JsonNode> rendered;
    private final KubernetesSchema schema = KubernetesSchema.shared();

    @BeforeAll
    static void render() {
        rendered = Chart.render(Map.of("strimzi.enabled", true, "cloudnativepg.enabled", true));
    }

    @Test
    void acceptsIntegersAndStringsWhereKubernetesTakesEither() {
        ObjectNode deployment = copy("Deployment", "courier-auth");
        ((ObjectNode) container(deployment).at("/livenessProbe/httpGet")).put("port", 8081);
        ((ObjectNode) container(deployment).at("/resources/requests")).put("cpu", 1);

        assertThat(schema.problems(deployment)).isEmpty();
    }

    @Test
    void rejectsAnUnknownField() {
        ObjectNode deployment = copy("Deployment", "courier-auth");
        container(deployment).put("imagePullPolisy", "Always");

        assertThat(schema.problems(deployment)).singleElement().asString().contains("imagePullPolisy");
    }

    @Test
    void rejectsAnUnknownFieldInMetadataAndSpec() {
        ObjectNode service = copy("Service", "courier-auth");
        ((ObjectNode) service.get("metadata")).put("label", "x");
        ((ObjectNode) service.get("spec")).put("selectors", "x");

        assertThat(schema.problems(service)).hasSize(2);
    }

    @Test
    void rejectsAWrongType() {
        ObjectNode statefulSet = copy("StatefulSet", "courier-gateway");
        ((ObjectNode) statefulSet.get("spec")).put("replicas", "two");

        assertThat(schema.problems(statefulSet)).singleElement().asString().contains("/spec/replicas");
    }

    @Test
    void rejectsAMissingRequiredField() {
        ObjectNode deployment = copy("Deployment", "courier-media");
        container(deployment).remove("name");

        assertThat(schema.problems(deployment)).singleElement().asString().contains("name");
    }

    @Test
    void rejectsAKindItCannotCheck() {
        ObjectNode unknownKind = copy("Service", "courier-auth").put("kind", "Servise");
        ObjectNode unknownVersion = copy("Deployment", "courier-auth").put("apiVersion", "apps/v2");
        ObjectNode noKind = copy("Service", "courier-auth");
        noKind.remove("kind");

        assertThat(schema.problems(unknownKind)).singleElement().asString().contains("cannot be checked");
        assertThat(schema.problems(unknownVersion)).singleElement().asString().contains("cannot be checked");
        assertThat(schema.problems(noKind)).singleElement().asString().contains("cannot be checked");
    }

    @Test
    void rejectsBrokenOperatorResources() {
        ObjectNode kafka = copy("Kafka", "courier-kafka");
        ((ObjectNode) kafka.at("/spec/kafka")).put("listenerz", "plain");
        ObjectNode cluster = copy("Cluster", "courier-postgresql");
        ((ObjectNode) cluster.get("spec")).put("instances", "three");
        ObjectNode nodePool = copy("KafkaNodePool", "courier-kafka-nodes");
        ((ObjectNode) nodePool.get("spec")).remove("roles");

        assertThat(schema.problems(kafka)).singleElement().asString().contains("listenerz");
        assertThat(schema.problems(cluster)).singleElement().asString().contains("/spec/instances");
        assertThat(schema.problems(nodePool)).singleElement().asString().contains("roles");
    }

    @Test
    void keepsWhatOperatorResourcesLeaveOpen() {
        ObjectNode kafka = copy("Kafka", "courier-kafka");
        ((ObjectNode) kafka.at("/spec/kafka/config")).put("log.retention.hours", 24);

        assertThat(schema.problems(kafka)).isEmpty();
    }

    private static ObjectNode copy(String kind, String name) {
        return find(rendered, kind, name).deepCopy();
    }
}

package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.courier.helm.Documents.container;
import static dev.courier.helm.Documents.find;
import static org.assertj.core.api.Assertions.assertThat;

/** Each cross-object rule fails on a copy of the rendered chart broken the way it guards against. */
class ChartRulesTest {

    private static List<JsonNode> rendered;
    private List<JsonNode> documents;

    @BeforeAll
    static void render() {
        rendered = Chart.render(Map.of());
        assertThat(ChartRules.violations(rendered)).isEmpty();
    }

    @BeforeEach
    void copy() {
        documents = new ArrayList<>(Documents.deepCopy(rendered));
    }

    @Test
    void aWorkloadWhoseSelectorMissesItsPods() {
        ObjectNode labels = (ObjectNode) find(documents, "Deployment", "courier-parser").at("/spec/template/metadata/labels");
        labels.put("app.kubernetes.io/name", "parsr");

        assertThat(ChartRules.violations(documents))
                .anyMatch(v -> v.startsWith("Deployment courier-parser selector"))
                .anyMatch(v -> v.startsWith("Service courier-parser selects no pods"));
    }

    @Test
    void aServiceThatSelectsNoPodsOrAPortNoPodOpens() {
        ((ObjectNode) find(documents, "Service", "courier-auth").at("/spec/selector")).put("app.kubernetes.io/name", "x");
        ((ObjectNode) find(documents, "Service", "courier-media").at("/spec/ports/0")).put("targetPort", "web");

        assertThat(ChartRules.violations(documents)).containsExactlyInAnyOrder(
                "Service courier-auth selects no pods of the chart (selector {\"app.kubernetes.io/name\":\"x\","
                        + "\"app.kubernetes.io/instance\":\"courier\",\"app.kubernetes.io/part-of\":\"courier\"})",
                "Service courier-media targets port \"web\" that courier-media does not open");
    }

    @Test
    void aProbeOffTheActuatorGroupsOrOnAPortTheContainerDoesNotOpen() {
        JsonNode gateway = find(documents, "StatefulSet", "courier-gateway");
        ((ObjectNode) container(gateway).at("/readinessProbe/httpGet")).put("path", "/actuator/health");
        ((ObjectNode) container(gateway).at("/livenessProbe/httpGet")).put("port", 8091);
        ((ObjectNode) container(gateway).at("/startupProbe/httpGet")).put("port", "http");
        container(find(documents, "Deployment", "courier-auth")).remove("startupProbe");

        assertThat(ChartRules.violations(documents)).containsExactlyInAnyOrder(
                "StatefulSet courier-gateway readinessProbe asks /actuator/health, not /actuator/health/readiness",
                "StatefulSet courier-gateway livenessProbe port 8091 is not a port of container gateway-service",
                "StatefulSet courier-gateway startupProbe port \"http\" is not where Actuator answers (8090)",
                "Deployment courier-auth container auth-service has no startupProbe");
    }

    @Test
    void aGracePeriodThatEndsBeforeTheShutdown() {
        ObjectNode gatewayPod = (ObjectNode) find(documents, "StatefulSet", "courier-gateway").at("/spec/template/spec");
        gatewayPod.put("terminationGracePeriodSeconds", 40);
        ObjectNode sessionPod = (ObjectNode) find(documents, "Deployment", "courier-session").at("/spec/template/spec");
        ((ObjectNode) sessionPod.at("/containers/0/lifecycle")).remove("preStop");

        assertThat(ChartRules.violations(documents)).containsExactlyInAnyOrder(
                "StatefulSet courier-gateway terminationGracePeriodSeconds 40 does not exceed preStop + shutdown 40",
                "Deployment courier-session container session-service has no preStop sleep");
    }

    @Test
    void aContainerWithoutRequestsOrAMemoryLimit() {
        ((ObjectNode) container(find(documents, "Deployment", "courier-message")).at("/resources")).remove("limits");

        assertThat(ChartRules.violations(documents))
                .containsExactly("Deployment courier-message container message-service has no limits/memory");
    }

    @Test
    void anInlinedSecret() {
        ArrayNode env = (ArrayNode) container(find(documents, "Deployment", "courier-auth")).get("env");
        env.addObject().put("name", "SPRING_DATASOURCE_PASSWORD_OVERRIDE").put("value", "hunter2");

        assertThat(ChartRules.violations(documents)).containsExactly(
                "Deployment courier-auth env SPRING_DATASOURCE_PASSWORD_OVERRIDE is inlined, not a secretKeyRef");
    }

    @Test
    void anAutoscalerOrBudgetWithoutItsTarget() {
        ((ObjectNode) find(documents, "HorizontalPodAutoscaler", "courier-message").at("/spec/scaleTargetRef"))
                .put("name", "courier-messages");
        ((ObjectNode) find(documents, "PodDisruptionBudget", "courier-media").at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/name", "medai");

        assertThat(ChartRules.violations(documents))
                .anyMatch(v -> v.startsWith("HorizontalPodAutoscaler courier-message scales"))
                .anyMatch(v -> v.equals("PodDisruptionBudget courier-media selects no workload's pods"))
                .anyMatch(v -> v.equals("Deployment courier-media runs 2+ pods without a PodDisruptionBudget"));
    }

    @Test
    void aBudgetOnASinglePod() {
        ObjectNode auth = find(documents, "Deployment", "courier-auth");
        ((ObjectNode) auth.get("spec")).put("replicas", 1);

        assertThat(ChartRules.violations(documents)).containsExactly(
                "PodDisruptionBudget courier-auth covers courier-auth, which may run a single pod: it would block drains");
    }

    @Test
    void noDefaultDeny() {
        documents.remove(find(documents, "NetworkPolicy", "courier-default-deny"));

        assertThat(ChartRules.violations(documents)).hasSize(8)
                .allMatch(v -> v.endsWith("no default-deny NetworkPolicy (Ingress and Egress, no rules) selects its pods"));
    }

    @Test
    void anotherNamespaceLetInToAServiceOtherThanTheGateway() {
        ObjectNode peer = (ObjectNode) find(documents, "NetworkPolicy", "courier-internal").at("/spec/ingress/0/from/0");
        peer.putObject("namespaceSelector");
        ((ArrayNode) find(documents, "NetworkPolicy", "courier-gateway").at("/spec/ingress/0")
                .withArray("ports")).removeAll();

        assertThat(ChartRules.violations(documents))
                .contains("NetworkPolicy courier-internal lets other namespaces reach courier-auth (its /internal/**)",
                        "NetworkPolicy courier-gateway lets other namespaces reach every port of courier-gateway")
                .hasSize(9);
    }

    @Test
    void anIngressToAnythingButTheGatewaysPublicPaths() {
        ObjectNode path = (ObjectNode) find(documents, "Ingress", "courier").at("/spec/rules/0/http/paths/0");
        path.put("path", "/internal");
        ((ObjectNode) path.at("/backend/service")).put("name", "courier-auth");

        assertThat(ChartRules.violations(documents)).containsExactlyInAnyOrder(
                "Ingress courier routes /internal to courier-auth, not to the gateways' Service",
                "Ingress courier publishes /internal; only [/api, /ws]");
    }
}

package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * What ties the chart's objects together and what Courier needs of them, beyond what each object's schema can say:
 * selectors that pick pods, probes on the Actuator groups of a port the container opens, shutdown that fits the
 * grace period, autoscalers and budgets aimed at workloads that exist, and a network that is closed by default with
 * only the gateways' public path open to other namespaces.
 */
final class ChartRules {

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/actuator/health/liveness",
            "livenessProbe", "/actuator/health/liveness",
            "readinessProbe", "/actuator/health/readiness");
    private static final List<String> PUBLIC_PATHS = List.of("/api", "/ws");

    private final List<JsonNode> documents;
    private final List<String> violations = new ArrayList<>();

    private ChartRules(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** Every rule's violations in {@code documents}, empty when they keep them all. */
    static List<String> violations(List<JsonNode> documents) {
        ChartRules rules = new ChartRules(documents);
        rules.workloadSelectorsPickTheirPods();
        rules.servicesSelectPods();
        rules.probesAndShutdown();
        rules.resources();
        rules.secretsReferencedNotInlined();
        rules.autoscalerTargetsExist();
        rules.disruptionBudgetsCoverReplicatedWorkloads();
        rules.defaultDenyNetworkPolicy();
        rules.onlyTheGatewayIsReachableFromOtherNamespaces();
        rules.ingressReachesOnlyThePublicPaths();
        return rules.violations;
    }

    private void workloadSelectorsPickTheirPods() {
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            JsonNode selector = workload.path("spec").path("selector").path("matchLabels");
            if (selector.isEmpty()) {
                violation(workload, "has no spec.selector.matchLabels");
            } else if (!matches(selector, podLabels(workload))) {
                violation(workload, "selector " + selector + " does not match its pod labels " + podLabels(workload));
            }
        }
    }

    private void servicesSelectPods() {
        for (JsonNode service : ofKinds(Set.of("Service"))) {
            JsonNode selector = service.path("spec").path("selector");
            List<JsonNode> selected = ofKinds(WORKLOAD_KINDS).stream()
                    .filter(workload -> !selector.isEmpty() && matches(selector, podLabels(workload))).toList();
            if (selected.isEmpty()) {
                violation(service, "selects no pods of the chart (selector " + selector + ")");
                continue;
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                for (JsonNode workload : selected) {
                    if (containers(workload).stream().noneMatch(c -> containerPort(c, target) != null)) {
                        violation(service, "targets port " + target + " that " + name(workload) + " does not open");
                    }
                }
            }
        }
    }

    private void probesAndShutdown() {
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            for (JsonNode container : containers(workload)) {
                PROBE_PATHS.forEach((probe, path) -> {
                    JsonNode httpGet = container.path(probe).path("httpGet");
                    if (httpGet.isMissingNode()) {
                        violation(workload, "container " + container.path("name").asText() + " has no " + probe);
                        return;
                    }
                    if (!path.equals(httpGet.path("path").asText())) {
                        violation(workload, probe + " asks " + httpGet.path("path").asText() + ", not " + path);
                    }
                    JsonNode port = containerPort(container, httpGet.path("port"));
                    if (port == null) {
                        violation(workload, probe + " port " + httpGet.path("port") + " is not a port of container "
                                + container.path("name").asText());
                    } else if (!String.valueOf(port.path("containerPort").asInt()).equals(actuatorPort(container))) {
                        violation(workload, probe + " port " + httpGet.path("port") + " is not where Actuator answers ("
                                + actuatorPort(container) + ")");
                    }
                });
                gracePeriodOutlastsShutdown(workload, container);
            }
        }
    }

    /** preStop pause + Spring's shutdown phase (+ a gateway's drain) must end before Kubernetes kills the pod. */
    private void gracePeriodOutlastsShutdown(JsonNode workload, JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds");
        if (!preStop.canConvertToInt()) {
            violation(workload, "container " + container.path("name").asText() + " has no preStop sleep");
            return;
        }
        long needed = preStop.asLong()
                + seconds(env(container, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE"), Duration.ofSeconds(30))
                + seconds(env(container, "COURIER_GATEWAY_DRAINTIMEOUT"), Duration.ZERO);
        long grace = podSpec(workload).path("terminationGracePeriodSeconds").asLong(30);
        if (grace <= needed) {
            violation(workload, "terminationGracePeriodSeconds " + grace + " does not exceed preStop + shutdown "
                    + needed);
        }
    }

    private void resources() {
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            for (JsonNode container : containers(workload)) {
                JsonNode resources = container.path("resources");
                for (String required : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                    if (resources.at("/" + required).isMissingNode()) {
                        violation(workload, "container " + container.path("name").asText() + " has no " + required);
                    }
                }
            }
        }
    }

    private void secretsReferencedNotInlined() {
        ofKinds(Set.of("Secret")).forEach(secret -> violation(secret, "the chart must not carry secrets"));
        Pattern secretName = Pattern.compile("PASSWORD|SECRET|TOKEN|_KEY", Pattern.CASE_INSENSITIVE);
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            for (JsonNode container : containers(workload)) {
                for (JsonNode variable : container.path("env")) {
                    if (secretName.matcher(variable.path("name").asText()).find() && variable.has("value")) {
                        violation(workload, "env " + variable.path("name").asText() + " is inlined, not a secretKeyRef");
                    }
                }
            }
        }
    }

    private void autoscalerTargetsExist() {
        for (JsonNode hpa : ofKinds(Set.of("HorizontalPodAutoscaler"))) {
            if (target(hpa) == null) {
                violation(hpa, "scales " + hpa.path("spec").path("scaleTargetRef") + ", which the chart does not have");
            }
        }
    }

    private void disruptionBudgetsCoverReplicatedWorkloads() {
        for (JsonNode pdb : ofKinds(Set.of("PodDisruptionBudget"))) {
            JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
            List<JsonNode> covered = ofKinds(WORKLOAD_KINDS).stream()
                    .filter(workload -> !selector.isEmpty() && matches(selector, podLabels(workload))).toList();
            if (covered.isEmpty()) {
                violation(pdb, "selects no workload's pods");
            }
            covered.stream().filter(workload -> minimumReplicas(workload) < 2).forEach(workload ->
                    violation(pdb, "covers " + name(workload) + ", which may run a single pod: it would block drains"));
        }
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            boolean budgeted = ofKinds(Set.of("PodDisruptionBudget")).stream().anyMatch(pdb ->
                    matches(pdb.path("spec").path("selector").path("matchLabels"), podLabels(workload)));
            if (minimumReplicas(workload) >= 2 && !budgeted) {
                violation(workload, "runs " + minimumReplicas(workload) + "+ pods without a PodDisruptionBudget");
            }
        }
    }

    private void defaultDenyNetworkPolicy() {
        List<JsonNode> denyAll = ofKinds(Set.of("NetworkPolicy")).stream().filter(policy -> {
            JsonNode spec = policy.path("spec");
            List<String> types = texts(spec.path("policyTypes"));
            return types.contains("Ingress") && types.contains("Egress")
                    && spec.path("ingress").isEmpty() && spec.path("egress").isEmpty();
        }).toList();
        for (JsonNode workload : ofKinds(WORKLOAD_KINDS)) {
            boolean denied = denyAll.stream().anyMatch(policy ->
                    matches(policy.path("spec").path("podSelector").path("matchLabels"), podLabels(workload)));
            if (!denied) {
                violation(workload, "no default-deny NetworkPolicy (Ingress and Egress, no rules) selects its pods");
            }
        }
    }

    /**
     * Rules that let in anything but pods of this namespace (a namespace or IP block, or no {@code from} at all)
     * may open only the gateways' ports: every other port serves {@code /internal/**}.
     */
    private void onlyTheGatewayIsReachableFromOtherNamespaces() {
        for (JsonNode policy : ofKinds(Set.of("NetworkPolicy"))) {
            JsonNode podSelector = policy.path("spec").path("podSelector").path("matchLabels");
            List<JsonNode> selected = ofKinds(WORKLOAD_KINDS).stream()
                    .filter(workload -> matches(podSelector, podLabels(workload))).toList();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean fromOutside = rule.path("from").isEmpty() || StreamSupport.stream(rule.path("from").spliterator(),
                        false).anyMatch(peer -> peer.has("namespaceSelector") || peer.has("ipBlock"));
                if (!fromOutside) {
                    continue;
                }
                for (JsonNode workload : selected) {
                    if (!isGateway(workload)) {
                        violation(policy, "lets other namespaces reach " + name(workload) + " (its /internal/**)");
                    } else if (rule.path("ports").isEmpty()) {
                        violation(policy, "lets other namespaces reach every port of " + name(workload));
                    }
                }
            }
        }
    }

    private void ingressReachesOnlyThePublicPaths() {
        for (JsonNode ingress : ofKinds(Set.of("Ingress"))) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String service = path.path("backend").path("service").path("name").asText();
                    boolean toGateway = ofKinds(Set.of("Service")).stream()
                            .filter(s -> name(s).equals(service))
                            .anyMatch(s -> ofKinds(WORKLOAD_KINDS).stream().filter(this::isGateway)
                                    .anyMatch(g -> matches(s.path("spec").path("selector"), podLabels(g))));
                    if (!toGateway) {
                        violation(ingress, "routes " + path.path("path").asText() + " to " + service
                                + ", not to the gateways' Service");
                    }
                    if (!PUBLIC_PATHS.contains(path.path("path").asText())) {
                        violation(ingress, "publishes " + path.path("path").asText() + "; only " + PUBLIC_PATHS);
                    }
                }
            }
        }
    }

    // --- reading the documents -------------------------------------------------------------------------------------

    private boolean isGateway(JsonNode workload) {
        return "gateway-service".equals(podLabels(workload).path("app.kubernetes.io/component").asText());
    }

    private JsonNode target(JsonNode hpa) {
        JsonNode ref = hpa.path("spec").path("scaleTargetRef");
        return documents.stream().filter(d -> d.path("kind").asText().equals(ref.path("kind").asText())
                        && d.path("apiVersion").asText().equals(ref.path("apiVersion").asText())
                        && name(d).equals(ref.path("name").asText()))
                .findFirst().orElse(null);
    }

    /** The fewest pods a workload runs: its autoscaler's minimum when one scales it, else its replicas. */
    private int minimumReplicas(JsonNode workload) {
        return ofKinds(Set.of("HorizontalPodAutoscaler")).stream().filter(hpa -> target(hpa) == workload)
                .map(hpa -> hpa.path("spec").path("minReplicas").asInt(1)).findFirst()
                .orElse(workload.path("spec").path("replicas").asInt(1));
    }

    private List<JsonNode> ofKinds(Set<String> kinds) {
        return documents.stream().filter(d -> kinds.contains(d.path("kind").asText())).toList();
    }

    private static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    private static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> containers = new ArrayList<>();
        podSpec(workload).path("containers").forEach(containers::add);
        return containers;
    }

    /** The container's port that {@code port} (a number or a port name) means, or null. */
    private static JsonNode containerPort(JsonNode container, JsonNode port) {
        for (JsonNode candidate : container.path("ports")) {
            boolean same = port.isInt() ? candidate.path("containerPort").asInt() == port.asInt()
                    : candidate.path("name").asText().equals(port.asText());
            if (same) {
                return candidate;
            }
        }
        return null;
    }

    /** Every label of {@code selector} is on {@code labels} with the same value. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        Map<String, String> wanted = new TreeMap<>();
        selector.properties().forEach(e -> wanted.put(e.getKey(), e.getValue().asText()));
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }

    /**
     * The port Actuator answers on, as the container's environment sets it: a gateway's management port, Spring's
     * management port where one is set, else the server's port.
     */
    private static String actuatorPort(JsonNode container) {
        for (String variable : List.of("COURIER_GATEWAY_MANAGEMENT_PORT", "MANAGEMENT_SERVER_PORT", "SERVER_PORT")) {
            if (env(container, variable) != null) {
                return env(container, variable);
            }
        }
        return "8080";
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable.path("value").asText(null);
            }
        }
        return null;
    }

    private static long seconds(String springDuration, Duration absent) {
        if (springDuration == null) {
            return absent.toSeconds();
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m)?").matcher(springDuration.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + springDuration);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> (amount + 999) / 1000;
            case "m" -> amount * 60;
            default -> amount;
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    private void violation(JsonNode document, String what) {
        violations.add(document.path("kind").asText() + " " + name(document) + " " + what);
    }
}

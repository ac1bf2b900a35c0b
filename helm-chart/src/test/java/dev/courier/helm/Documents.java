package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.NoSuchElementException;

/** Finding rendered documents, and copies to break in tests. */
final class Documents {

    private Documents() {
    }

    static ObjectNode find(List<JsonNode> documents, String kind, String name) {
        return (ObjectNode) documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new NoSuchElementException(kind + " " + name + " not rendered"));
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static List<JsonNode> deepCopy(List<JsonNode> documents) {
        return documents.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    }

    /** The first container of a workload. */
    static ObjectNode container(JsonNode workload) {
        return (ObjectNode) workload.at("/spec/template/spec/containers/0");
    }

    static String env(JsonNode workload, String name) {
        for (JsonNode variable : container(workload).path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable.path("value").asText(null);
            }
        }
        return null;
    }
}

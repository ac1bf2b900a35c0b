package dev.courier.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart in {@code deploy/helm/courier}, rendered by Helm itself (helm-java runs Helm's Go code through its native
 * library, no helm binary installed) as {@code helm template} would.
 */
final class Chart {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "..", "deploy", "helm", "courier")
            .normalize();
    static final String RELEASE = "courier";
    static final String NAMESPACE = "chat";
    /** The cluster version rendered for (Helm's own default, 1.20, is older than the chart allows). */
    static final String KUBERNETES_VERSION = "1.33.0";

    /** What an operator must give on install (secrets by name, infrastructure addresses, the host). */
    static final Map<String, Object> REQUIRED_VALUES = Map.of(
            "serviceToken.existingSecret", "courier-service-token",
            "kafka.bootstrapServers", "kafka-bootstrap.kafka:9092",
            "postgresql.host", "postgres.databases",
            "postgresql.existingSecret", "courier-postgresql",
            "s3.existingSecret", "courier-s3",
            "ingress.host", "chat.example.com");

    private static final YAMLMapper YAML = new YAMLMapper();

    private Chart() {
    }

    /** The documents rendered with the required values and {@code overrides} (Helm {@code --set} keys). */
    static List<JsonNode> render(Map<String, Object> overrides) {
        Map<String, Object> values = new LinkedHashMap<>(REQUIRED_VALUES);
        values.putAll(overrides);
        return renderExactly(values);
    }

    /** The documents rendered with {@code values} only, over the chart's defaults; Helm's error if it refuses. */
    static List<JsonNode> renderExactly(Map<String, Object> values) {
        TemplateCommand template = new Helm(DIRECTORY).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES_VERSION);
        values.forEach(template::set);
        return parse(template.call());
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }
}

package dev.courier.helm;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.schema.validator.Validator;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.extensions.SwaggerParserExtension;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a Kubernetes document against the Kubernetes schema that fabric8's {@code kubernetes-model-validator} bundles
 * (built-in kinds), plus the CustomResourceDefinition schemas of the operators the chart can use (Strimzi,
 * CloudNativePG; in {@code src/test/resources/crd-schemas}, copied from their releases).
 *
 * <p>Stricter than the bundled {@link Validator} in two ways. A document of a kind without a schema is an error (the
 * bundled one passes it unchecked). And every object rejects a field its schema does not name, as the API server's
 * strict field validation does: the OpenAPI validator underneath adds {@code additionalProperties: false} to
 * schemas that do not say. Looser in one: {@code IntOrString} and {@code Quantity} are declared strings in the bundled
 * schema, which would reject {@code port: 8080} and {@code cpu: 1}; here they take an integer (a number) or a string.
 *
 * <p>Parsing the bundled schema takes seconds: one instance per test JVM ({@link #shared()}).
 */
final class KubernetesSchema {

    private static final String BUNDLED = "/openshift-generated.json";
    private static final List<String> CRD_SCHEMAS =
            List.of("strimzi-kafka.json", "strimzi-kafkanodepool.json", "cnpg-cluster.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesSchema shared;

    private final Map<String, Schema<?>> byApiVersionAndKind = new HashMap<>();
    private final SchemaValidator validator;

    static synchronized KubernetesSchema shared() {
        if (shared == null) {
            shared = new KubernetesSchema();
        }
        return shared;
    }

    private KubernetesSchema() {
        OpenAPI api = parseBundled();
        @SuppressWarnings("rawtypes") Map<String, Schema> schemas = api.getComponents().getSchemas();
        schemas.put("io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                new ComposedSchema().oneOf(List.of(new IntegerSchema(), new StringSchema())));
        schemas.put("io.k8s.apimachinery.pkg.api.resource.Quantity",
                new ComposedSchema().oneOf(List.of(new NumberSchema(), new StringSchema())));
        schemas.forEach((name, schema) -> {
            String apiVersion = builtInApiVersion(name);
            if (apiVersion != null) {
                byApiVersionAndKind.put(key(apiVersion, name.substring(name.lastIndexOf('.') + 1)), schema);
            }
        });
        for (String file : CRD_SCHEMAS) {
            JsonNode crd = readResource("/crd-schemas/" + file);
            JsonNode schema = openApiV3ToValidatorSchema(crd.get("schema"));
            byApiVersionAndKind.put(key(crd.get("group").asText() + "/" + crd.get("version").asText(),
                    crd.get("kind").asText()), Json.mapper().convertValue(schema, Schema.class));
        }
        validator = new SchemaValidator(api, new MessageResolver());
    }

    /** The problems with {@code document}, empty when it is valid. */
    List<String> problems(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        Schema<?> schema = byApiVersionAndKind.get(key(apiVersion, kind));
        if (schema == null) {
            return List.of("no schema for apiVersion '" + apiVersion + "' kind '" + kind + "': cannot be checked");
        }
        ValidationReport report = validator.validate(() -> document, schema, "root");
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> kind + " " + document.path("metadata").path("name").asText() + ": "
                        + message.getMessage())
                .toList();
    }

    /** The problems of every document. */
    List<String> problems(List<JsonNode> documents) {
        return documents.stream().flatMap(document -> problems(document).stream()).toList();
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    /**
     * The apiVersion a built-in definition serves: {@code io.k8s.api.apps.v1.Deployment} is {@code apps/v1},
     * {@code io.k8s.api.core.v1.Service} is {@code v1}, {@code io.k8s.api.networking.v1.Ingress} is
     * {@code networking.k8s.io/v1} (the groups outside the legacy short names carry {@code .k8s.io}).
     */
    private static String builtInApiVersion(String definition) {
        if (!definition.startsWith("io.k8s.api.")) {
            return null;
        }
        String[] parts = definition.substring("io.k8s.api.".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String group = parts[0];
        String version = parts[1];
        return switch (group) {
            case "core" -> version;
            case "apps", "autoscaling", "batch", "policy" -> group + "/" + version;
            case "rbac" -> "rbac.authorization.k8s.io/" + version;
            case "flowcontrol" -> "flowcontrol.apiserver.k8s.io/" + version;
            default -> group + ".k8s.io/" + version;
        };
    }

    /**
     * A CRD's openAPIV3Schema, made to read as the validator reads OpenAPI schemas: int-or-string fields become "one
     * of integer or string", and objects that keep unknown fields say so ({@code additionalProperties: true}), so
     * only the objects the CRD describes field by field reject an unknown one.
     */
    private static JsonNode openApiV3ToValidatorSchema(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("x-kubernetes-int-or-string").asBoolean()) {
                object.removeAll();
                object.set("oneOf", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("type", "integer"))
                        .add(JSON.createObjectNode().put("type", "string")));
                return object;
            }
            if (object.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !object.has("additionalProperties")) {
                object.put("additionalProperties", true);
            }
            object.properties().forEach(entry -> openApiV3ToValidatorSchema(entry.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(KubernetesSchema::openApiV3ToValidatorSchema);
        }
        return node;
    }

    private static OpenAPI parseBundled() {
        String text;
        try (InputStream in = Objects.requireNonNull(Validator.class.getResourceAsStream(BUNDLED), BUNDLED)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (SwaggerParserExtension parser : OpenAPIV3Parser.getExtensions()) {
            SwaggerParseResult result = parser.readContents(text, null, new ParseOptions());
            if (result != null && result.getOpenAPI() != null) {
                return result.getOpenAPI();
            }
        }
        throw new IllegalStateException("the bundled Kubernetes schema " + BUNDLED + " did not parse");
    }

    private static JsonNode readResource(String path) {
        try (InputStream in = Objects.requireNonNull(KubernetesSchema.class.getResourceAsStream(path), path)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.courier.system;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's {@code /v3/api-docs} is one OpenAPI document of every REST call of PROTOCOL.md (the services'
 * documents merged), and Swagger UI answers at {@code /api/docs}.
 */
class OpenApiSystemTest extends SharedStackSystemTest {

    /** The REST calls of PROTOCOL.md v1 and v1.1, as its tables write them. */
    private static final List<String> PROTOCOL_CALLS = List.of(
            "POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/logout",
            "DELETE /api/me", "GET /api/users/{userId}", "GET /api/users", "POST /api/groups",
            "GET /api/groups/{groupId}", "GET /api/groups", "POST /api/groups/{groupId}/members",
            "DELETE /api/groups/{groupId}/members/{userId}", "GET /api/conversations/{conversationId}/messages",
            "PUT /api/conversations/{conversationId}/disappearing", "GET /api/presence/{userId}",
            "PUT /api/me/privacy", "POST /api/media", "GET /api/media/{mediaId}", "GET /api/media/{mediaId}/thumbnail",
            "GET /api/conversations/{conversationId}/messages/{messageId}/receipts", "PUT /api/me/blocked/{userId}",
            "DELETE /api/me/blocked/{userId}", "GET /api/me/blocked", "GET /api/push/key", "PUT /api/me/push",
            "DELETE /api/me/push");

    /** v1.1 calls not built yet: they may be missing (remove each from here as it is built). */
    private static final Set<String> PENDING = Set.of();

    /** A call as {@code METHOD /path}, path variables' names left out ({@code {}}). */
    private static final Pattern CALL = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\\s]*)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyRestCallOfTheProtocolIsInTheMergedDocument() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = JsonMapper.builder().build().readTree(docs.body()).path("paths");
        Set<String> documented = new TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation ->
                documented.add(normalized(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey()))));

        List<String> missing = new ArrayList<>();
        for (String call : protocolCalls()) {
            if (!documented.contains(call) && !PENDING.contains(call)) {
                missing.add(call);
            }
        }
        assertThat(missing).as("PROTOCOL.md calls missing from /v3/api-docs (documented: %s)", documented).isEmpty();
        assertThat(documented).allSatisfy(call -> assertThat(call).contains(" /api/"));
    }

    @Test
    void swaggerUiAnswersAtApiDocs() throws Exception {
        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl(1) + "/api/docs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(302);
        String location = ui.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = get(stack.gatewayUrl(1).resolve(location).getRawPath());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    /** PROTOCOL.md's calls: read from it where it lies beside the repository, else the list above. */
    private static Set<String> protocolCalls() throws IOException {
        Set<String> calls = new TreeSet<>();
        PROTOCOL_CALLS.forEach(call -> calls.add(normalized(call)));
        Path protocol = Path.of("../../shared/PROTOCOL.md");
        if (Files.exists(protocol)) {
            Matcher matcher = CALL.matcher(Files.readString(protocol));
            while (matcher.find()) {
                calls.add(normalized(matcher.group(1) + " " + matcher.group(2)));
            }
        }
        return calls;
    }

    private static String normalized(String call) {
        return call.replaceAll("\\{[^}]*}", "{}");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl(1) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

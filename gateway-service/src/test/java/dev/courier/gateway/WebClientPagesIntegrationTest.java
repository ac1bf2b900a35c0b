package dev.courier.gateway;

import dev.courier.testkit.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client is served by the gateway itself, to anyone, without a token (it holds no secret: it logs in
 * through {@code /api/auth} like any client), while {@code /api/**} still goes to the services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "courier.gateway.routes.auth=http://127.0.0.1:9")
class WebClientPagesIntegrationTest implements RealInfrastructure {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Value("${local.management.port}")
    int managementPort;

    @Test
    void theRootServesTheChatPageWithoutAToken() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Courier</title>", "src=\"app.js\"", "id=\"login-form\"");
    }

    @ParameterizedTest
    @CsvSource({
            "/index.html, text/html, <title>Courier</title>",
            "/app.js, javascript, courier-client.js",
            "/courier-client.js, javascript, export class CourierClient",
            "/app.css, text/css, --green",
            "/favicon.svg, image/svg+xml, <svg"})
    void theClientsFilesAreServedWithoutAToken(String path, String contentType, String content) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains(contentType));
        assertThat(response.body()).contains(content);
    }

    /** Issue 19, finding 8: the page may run only its own code, may not be framed, and is not sniffed. */
    @ParameterizedTest
    @CsvSource({"/", "/app.js", "/nothing-here"})
    void theWebAppIsServedWithSecurityHeaders(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    /** Issue 19, finding 9: metrics and the rest of actuator answer on the management port, never on the clients'. */
    @Test
    void actuatorIsOnlyOnTheManagementPort() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health",
                "/actuator/env", "/actuator"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void apiPathsStillGoToTheServices() throws Exception {
        // auth-service is unreachable here: the edge answers for it, the static files do not.
        assertThat(get("/api/users/someone").statusCode()).isGreaterThanOrEqualTo(500);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

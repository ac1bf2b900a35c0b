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

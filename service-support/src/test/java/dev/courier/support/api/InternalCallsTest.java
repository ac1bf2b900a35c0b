package dev.courier.support.api;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.MediaGrantRequest;
import dev.courier.contracts.api.MediaInfo;
import dev.courier.support.kafka.DependencyUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an internal call answers, against a real HTTP server standing in for media-service. */
class InternalCallsTest {

    private HttpServer server;
    private volatile int status;
    private volatile String body = "";
    private MediaApi media;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/media/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        media = InternalCalls.client(MediaApi.class, MediaApi.SERVICE,
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBodyIsTheAnswerAndNotFoundIsEmpty() {
        status = 200;
        body = "{\"mediaId\":\"m-1\",\"uploaderId\":\"alice\",\"contentType\":\"image/png\"}";
        assertThat(media.media("m-1")).contains(new MediaInfo("m-1", "alice", "image/png"));

        status = 404;
        body = "{\"title\":\"Not Found\",\"status\":404}";
        assertThat(media.media("m-2")).isEmpty();
    }

    @Test
    void aServerErrorOrAnUnexpectedStatusIsADependencyFailureNeverUnknown() {
        status = 503;
        assertThatThrownBy(() -> media.media("m-1")).isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("media-service");
        status = 403;
        assertThatThrownBy(() -> media.media("m-1")).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aResponseEntityGetsEveryClientErrorAsItsStatus() {
        MediaGrantRequest grant = new MediaGrantRequest("alice", List.of("bob"));
        for (int answered : List.of(204, 403, 404)) {
            status = answered;
            assertThat(media.grant("m-1", grant).getStatusCode().value()).isEqualTo(answered);
        }
        status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        assertThatThrownBy(() -> media.grant("m-1", grant)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void noConnectionIsADependencyFailure() {
        server.stop(0);
        assertThatThrownBy(() -> media.media("m-1")).isInstanceOf(DependencyUnavailableException.class);
    }
}

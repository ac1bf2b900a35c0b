package dev.courier.message;

import com.sun.net.httpserver.HttpServer;
import dev.courier.contracts.api.GroupMembers;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for group-service's internal members call ({@code GET /internal/groups/{id}/members}) on a local port:
 * a group {@linkplain #put put} here answers its members (the first one its only admin), an unknown one 404, and one
 * whose id starts with {@code down-} 500, as a group-service that fails.
 */
final class FakeGroupService implements AutoCloseable {

    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final HttpServer server;

    private FakeGroupService() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/groups/", exchange -> {
            String groupId = exchange.getRequestURI().getPath().split("/")[3];
            List<String> members = groups.get(groupId);
            if (groupId.startsWith("down-")) {
                exchange.sendResponseHeaders(500, -1);
            } else if (members == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = json.writeValueAsString(new GroupMembers(groupId, members, "group-test",
                        List.of(members.getFirst()))).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    static FakeGroupService start() {
        try {
            return new FakeGroupService();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on {@code groupId} has these members, the first one its admin. */
    void put(String groupId, List<String> members) {
        groups.put(groupId, List.copyOf(members));
    }

    /** Its base URL, for {@code spring.cloud.discovery.client.simple.instances.group-service[0].uri}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

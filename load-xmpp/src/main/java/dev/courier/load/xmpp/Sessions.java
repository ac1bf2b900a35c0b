package dev.courier.load.xmpp;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** Opening and closing many {@link XmppConnection}s, a bounded number of logins at a time. */
final class Sessions {

    private Sessions() {
    }

    /** One HttpClient for all connections: a selector thread and a few threads for the listeners. */
    static HttpClient httpClient() {
        ExecutorService executor = Executors.newFixedThreadPool(4,
                Thread.ofPlatform().daemon().name("xmpp-", 0).factory());
        return HttpClient.newBuilder().executor(executor).build();
    }

    /** Opens {@code count} connections, {@code parallelism} logins in flight; fails if any login fails. */
    static List<XmppConnection> openAll(int count, int parallelism, IntFunction<CompletableFuture<XmppConnection>> open)
            throws InterruptedException {
        Semaphore permits = new Semaphore(parallelism);
        List<CompletableFuture<XmppConnection>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            futures.add(open.apply(i).whenComplete((connection, error) -> permits.release()));
        }
        List<XmppConnection> connections = new ArrayList<>(count);
        RuntimeException failure = null;
        for (CompletableFuture<XmppConnection> future : futures) {
            try {
                connections.add(future.join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            closeAll(connections);
            throw new IllegalStateException("login failed: " + rootMessage(failure), failure);
        }
        return connections;
    }

    static void closeAll(List<XmppConnection> connections) {
        CompletableFuture.allOf(connections.stream().map(XmppConnection::close).toArray(CompletableFuture[]::new))
                .join();
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}

package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle connections: {@code users} users connected round-robin over the gateways, {@code step} more at a time. After
 * each step (and a settle of {@code settle} seconds, then a full garbage collection asked of each gateway with
 * {@code jcmd}) the gateways' resident memory is read from {@code /proc}; the
 * memory per connection is the least-squares slope of their total RSS against connections from the first step to
 * the last (the baseline before any connection is reported but not fitted: the first step also pays for classes
 * and buffers loaded once). Needs the gateways on this machine.
 */
final class IdleWorkload {

    private IdleWorkload() {
    }

    /** Connects, trying twice more after a pause: a gateway busy accepting thousands may time out one upgrade. */
    private static CourierConnection connect(CourierClient gateway, String accessToken) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.connect(accessToken);
            } catch (RuntimeException e) {
                if (attempt == 3 || FileLimit.describe(e).contains("Too many open files")) {
                    throw e;
                }
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static WorkloadResult run(Options options) throws InterruptedException {
        List<CourierClient> gateways = options.urls().stream().map(CourierClient::new).toList();
        List<Long> pids = GatewayMemory.pids(options.gatewayPids(), options.urls());
        if (pids.isEmpty()) {
            throw new IllegalStateException("No gateway-service process found: pass --gateway-pid PID");
        }
        int users = options.users();
        int parallelism = options.parallelismFor(users);
        System.out.printf("idle: %d connections in steps of %d over %d gateway(s), gateway pids %s, open files "
                + "limit %s%n", users, options.step(), gateways.size(), pids, FileLimit.limit());

        Map<String, Double> extra = new HashMap<>();
        GatewayMemory.collectGarbage(pids);
        long baseline = GatewayMemory.rssBytes(pids);
        extra.put("rssBytes@0", (double) baseline);
        System.out.printf("  %6d connections: gateway RSS %8.1f MiB%n", 0, baseline / 1048576.0);
        List<CourierConnection> sockets = new ArrayList<>();
        List<Double> connections = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        long started = System.nanoTime();
        String failure = null;
        while (sockets.size() < users) {
            int from = sockets.size();
            int count = Math.min(options.step(), users - from);
            try {
                List<TokenResponse> tokens = SimulatedUsers.create(gateways.getFirst(), "idle", count, parallelism);
                sockets.addAll(Parallel.map(parallelism, count,
                        i -> connect(gateways.get((from + i) % gateways.size()), tokens.get(i).accessToken())));
            } catch (RuntimeException e) {
                failure = FileLimit.describe(e);
                System.out.println("idle: stopped at " + sockets.size() + " connections: " + failure);
                break;
            }
            Thread.sleep(options.settleSeconds() * 1000L);
            long open = sockets.stream().filter(CourierConnection::isOpen).count();
            GatewayMemory.collectGarbage(pids);
            long bytes = GatewayMemory.rssBytes(pids);
            connections.add((double) open);
            rss.add((double) bytes);
            extra.put("rssBytes@" + sockets.size(), (double) bytes);
            System.out.printf("  %6d connections (%d open): gateway RSS %8.1f MiB%n", sockets.size(), open,
                    bytes / 1048576.0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long open = sockets.stream().filter(CourierConnection::isOpen).count();
        double slope = GatewayMemory.slope(connections.stream().mapToDouble(Double::doubleValue).toArray(),
                rss.stream().mapToDouble(Double::doubleValue).toArray());
        extra.put("connections", (double) open);
        extra.put("rssBytesPerConnection", slope);
        extra.put("gatewayProcesses", (double) pids.size());
        System.out.printf("idle: %d connections open; gateway RSS grows %.1f KiB per connection%s%n", open,
                slope / 1024, failure == null ? "" : " (stopped early)");
        Parallel.closeAll(sockets);
        if (failure != null) {
            extra.put("stoppedEarly", 1.0);
        }
        return new WorkloadResult("courier", "idle", 0, users, open, users - open, 0, 0, seconds, Latency.NONE,
                Latency.NONE, Latency.NONE, extra);
    }
}

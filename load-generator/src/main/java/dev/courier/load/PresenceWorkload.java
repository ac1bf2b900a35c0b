package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Presence: {@code users} connected users (alternating between the gateways), each sending a {@code ping} every
 * {@code interval} seconds (spread evenly) for {@code duration} seconds. Reports heartbeats per second against
 * last-seen-service's database writes per second, read from its {@code courier.lastseen.db.writes} counter at
 * {@code --metrics-url}. Pings are device activity, so they should cost no writes at all.
 */
final class PresenceWorkload {

    private static final Pattern WRITES = Pattern.compile("(?m)^courier_lastseen_db_writes_total\\{[^}]*} ([0-9.eE+]+)$");

    private PresenceWorkload() {
    }

    static WorkloadResult run(Options options) throws Exception {
        List<CourierClient> gateways = options.urls().stream().map(CourierClient::new).toList();
        System.out.printf("presence: registering %d users%n", options.users());
        List<TokenResponse> users = SimulatedUsers.create(gateways.getFirst(), "presence", options.users(),
                options.parallelismFor(options.users()));
        List<CourierConnection> sockets = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            sockets.add(gateways.get(i % gateways.size()).connect(users.get(i).accessToken()));
        }
        Thread.sleep(10_000);

        AtomicLong pings = new AtomicLong();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long periodMillis = options.interval() * 1000L;
        for (int i = 0; i < sockets.size(); i++) {
            CourierConnection socket = sockets.get(i);
            timer.scheduleAtFixedRate(() -> {
                socket.ping();
                pings.incrementAndGet();
            }, periodMillis * i / sockets.size(), periodMillis, TimeUnit.MILLISECONDS);
        }
        double writesBefore = writes(options.metricsUrl());
        long start = System.nanoTime();
        Thread.sleep(options.duration() * 1000L);
        double seconds = (System.nanoTime() - start) / 1e9;
        double writesAfter = writes(options.metricsUrl());
        long sent = pings.get();
        timer.shutdownNow();

        System.out.printf("users %d connected, heartbeats %d in %.0f s = %.1f/s; last-seen DB writes %.0f = %.2f/s%n",
                sockets.size(), sent, seconds, sent / seconds, writesAfter - writesBefore,
                (writesAfter - writesBefore) / seconds);
        long open = sockets.stream().filter(CourierConnection::isOpen).count();
        Parallel.closeAll(sockets);
        return new WorkloadResult("courier", "presence", sent / seconds, sockets.size(), open,
                sockets.size() - open, 0, 0, seconds, Latency.NONE, Latency.NONE, Latency.NONE,
                java.util.Map.of("users", (double) sockets.size(), "heartbeatsPerSecond", sent / seconds,
                        "dbWrites", writesAfter - writesBefore,
                        "dbWritesPerSecond", (writesAfter - writesBefore) / seconds));
    }

    /** The sum of last-seen-service's {@code courier_lastseen_db_writes_total} series. */
    private static double writes(URI metricsUrl) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(metricsUrl.resolve("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        Matcher lines = WRITES.matcher(body);
        while (lines.find()) {
            total += Double.parseDouble(lines.group(1));
        }
        return total;
    }
}

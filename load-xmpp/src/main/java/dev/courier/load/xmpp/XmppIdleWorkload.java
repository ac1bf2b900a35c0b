package dev.courier.load.xmpp;

import dev.courier.load.GatewayMemory;

import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle connections, as Courier's idle workload: {@code users} logged-in sessions (stream management on, presence
 * sent), {@code step} more at a time. After each step and a settle of {@code settle} seconds, the resident memory of
 * ejabberd's beam.smp is read from {@code /proc}; the memory per connection is the least-squares slope of RSS
 * against open connections from the first step to the last (the baseline before any connection is reported, not
 * fitted). Needs ejabberd on this machine.
 */
final class XmppIdleWorkload {

    private XmppIdleWorkload() {
    }

    static WorkloadResult run(XmppOptions options) throws InterruptedException {
        long pid = BeamMemory.pid(options.ejabberdPid());
        int users = options.users();
        int parallelism = options.parallelismFor(users);
        HttpClient http = Sessions.httpClient();
        System.out.printf("ejabberd idle: %d connections in steps of %d, beam.smp pid %d%n", users, options.step(),
                pid);

        Map<String, Double> extra = new HashMap<>();
        long baseline = BeamMemory.rssBytes(pid);
        extra.put("rssBytes@0", (double) baseline);
        System.out.printf("  %6d connections: ejabberd RSS %8.1f MiB%n", 0, baseline / 1048576.0);
        List<XmppConnection> sessions = new ArrayList<>();
        List<Double> connections = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        long started = System.nanoTime();
        while (sessions.size() < users) {
            int from = sessions.size();
            int count = Math.min(options.step(), users - from);
            try {
                sessions.addAll(Sessions.openAll(count, parallelism, i ->
                        XmppConnection.open(http, options.url(), options.account(from + i, "idle"), null, null)));
            } catch (RuntimeException e) {
                System.out.println("ejabberd idle: stopped at " + sessions.size() + " connections: " + e.getMessage());
                break;
            }
            Thread.sleep(options.settleSeconds() * 1000L);
            long open = sessions.stream().filter(XmppConnection::isOpen).count();
            long bytes = BeamMemory.rssBytes(pid);
            connections.add((double) open);
            rss.add((double) bytes);
            extra.put("rssBytes@" + sessions.size(), (double) bytes);
            System.out.printf("  %6d connections (%d open): ejabberd RSS %8.1f MiB%n", sessions.size(), open,
                    bytes / 1048576.0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long open = sessions.stream().filter(XmppConnection::isOpen).count();
        double slope = GatewayMemory.slope(connections.stream().mapToDouble(Double::doubleValue).toArray(),
                rss.stream().mapToDouble(Double::doubleValue).toArray());
        extra.put("connections", (double) open);
        extra.put("rssBytesPerConnection", slope);
        System.out.printf("ejabberd idle: %d connections open; RSS grows %.1f KiB per connection%n", open,
                slope / 1024);
        Sessions.closeAll(sessions);
        return new WorkloadResult("ejabberd", "idle", 0, users, open, users - open, 0, 0, seconds, Latency.NONE,
                Latency.NONE, Latency.NONE, extra);
    }
}

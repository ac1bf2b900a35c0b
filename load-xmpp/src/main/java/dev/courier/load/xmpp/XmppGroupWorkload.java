package dev.courier.load.xmpp;

import dev.courier.load.OpenLoop;

import dev.courier.load.Latency;
import dev.courier.load.WorkloadResult;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Group fan-out, as Courier's group workload, over multi-user chat (XEP-0045): {@code groups} rooms of
 * {@code groupSize} occupants (a sender, who creates the room, and {@code groupSize - 1} recipients). {@code messages}
 * Poisson arrivals at {@code rate} per second spread round-robin over the rooms; throughput counts deliveries
 * (attempted = messages × recipients, offered rate = rate × recipients). Measures, from the scheduled time: each
 * recipient's copy (sendToDeliver), the last recipient's (extras), and the XEP-0198 ack at the sender (sendToSent).
 * MUC has no delivery receipt to the sender, so sendToDeliveredReceipt is not measured. Rooms are temporary, named
 * after the run, archived by mod_mam (default room option), and vanish when the last occupant leaves.
 */
final class XmppGroupWorkload {

    private static final long MIN_DRAIN_NANOS = 10_000_000_000L;

    private XmppGroupWorkload() {
    }

    static WorkloadResult run(XmppOptions options) throws InterruptedException {
        int groups = options.groups();
        int size = options.groupSize();
        int recipients = size - 1;
        if (recipients < 1) {
            throw new IllegalArgumentException("--group-size must be at least 2");
        }
        int messages = options.messages();
        String run = "g" + UUID.randomUUID().toString().substring(0, 8);
        Tally tally = new Tally(run, groups, recipients, messages);
        HttpClient http = Sessions.httpClient();
        int parallelism = options.parallelismFor(groups * size);
        List<String> rooms = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            rooms.add(run + "-" + g + "@" + options.mucService());
        }
        Map<String, CompletableFuture<XmlElement>> awaited = new ConcurrentHashMap<>();

        // User g × size is room g's sender; g × size + 1 + k its recipient number g × recipients + k.
        List<XmppConnection> senders = Sessions.openAll(groups, parallelism, g ->
                XmppConnection.open(http, options.url(), options.account(g * size, run), (stanza, at) -> {
                    if (!stanza.name().equals("message")) {
                        complete(awaited, stanza);
                    }
                }, (tag, at) -> tally.acked((Integer) tag, at)));
        List<XmppConnection> members = Sessions.openAll(groups * recipients, parallelism, r -> {
            int user = (r / recipients) * size + 1 + r % recipients;
            return XmppConnection.open(http, options.url(), options.account(user, run), (stanza, at) -> {
                if (stanza.name().equals("message")) {
                    if ("groupchat".equals(stanza.attribute("type")) && stanza.child("body") != null) {
                        tally.received(r, stanza.attribute("id"), at);
                    }
                } else {
                    complete(awaited, stanza);
                }
            }, null);
        });

        System.out.printf("ejabberd group: creating %d room(s) of %d on %s%n", groups, size, options.mucService());
        for (int g = 0; g < groups; g++) {
            XmppConnection sender = senders.get(g);
            join(sender, rooms.get(g), awaited);
            String configure = "configure-" + g;
            CompletableFuture<XmlElement> unlocked = awaited.computeIfAbsent(configure, k -> new CompletableFuture<>());
            sender.sendStanza(Stanzas.instantRoom(configure, rooms.get(g)), null);
            result(unlocked, "configure " + rooms.get(g));
        }
        List<CompletableFuture<XmlElement>> joins = new ArrayList<>();
        for (int r = 0; r < members.size(); r++) {
            XmppConnection member = members.get(r);
            String occupant = rooms.get(r / recipients) + "/" + member.account().user();
            joins.add(awaited.computeIfAbsent(occupant, k -> new CompletableFuture<>()));
            member.sendStanza(Stanzas.joinRoom(occupant), null);
        }
        for (CompletableFuture<XmlElement> join : joins) {
            result(join, "join");
        }

        for (int round = 0; round < 5; round++) {
            for (int g = 0; g < groups; g++) {
                senders.get(g).sendStanza(Stanzas.groupMessage("warm-" + round + "-" + g, rooms.get(g), "warm-up"),
                        null);
            }
        }
        Thread.sleep(3000);

        System.out.printf("ejabberd group: %d messages at %.1f/s to %d room(s) of %d%n", messages, options.rate(),
                groups, size);
        PeerCpu cpu = PeerCpu.start(options.ejabberdPid());
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(messages, options.rate(), options.seed(), due -> {
            int index = next[0]++;
            int g = tally.streamOf(index);
            tally.sending(index, due);
            XmppConnection sender = senders.get(g);
            sender.sendStanza(Stanzas.groupMessage(tally.id(index), rooms.get(g), "fan-out " + index), index);
            sender.requestAck();
        });
        long sendEnd = System.nanoTime();
        long expected = (long) messages * recipients;
        long drainLimit = options.drainSeconds() != null ? (long) (options.drainSeconds() * 1e9)
                : Math.max(MIN_DRAIN_NANOS, 2 * tally.delivery.p99Nanos());
        while (!(tally.delivered() >= expected && tally.acks() >= messages)
                && System.nanoTime() - sendEnd < drainLimit) {
            Thread.sleep(50);
        }
        double seconds = (Math.max(sendEnd, tally.lastArrivalNanos()) - started) / 1e9;
        Map<String, Double> extra = new HashMap<>(cpu == null ? Map.of() : cpu.extras(tally.delivered()));

        List<XmppConnection> all = new ArrayList<>(members);
        all.addAll(senders);
        long sendFailures = all.stream().mapToLong(XmppConnection::sendFailures).sum();
        Sessions.closeAll(all);

        Latency last = tally.lastRecipient.summary();
        extra.put("groups", (double) groups);
        extra.put("groupSize", (double) size);
        extra.put("messageRate", options.rate());
        extra.put("messages", (double) messages);
        extra.put("messagesFullyDelivered", (double) last.count());
        extra.put("lastMemberP50Millis", last.p50Millis());
        extra.put("lastMemberP99Millis", last.p99Millis());
        extra.put("acks", (double) tally.acks());
        extra.put("wrongRecipient", (double) tally.wrongRecipient());
        extra.put("sendFailures", (double) sendFailures);
        return new WorkloadResult("ejabberd", "group", options.rate() * recipients, expected, tally.delivered(),
                expected - tally.delivered(), tally.duplicates(), tally.orderViolations(), seconds,
                tally.delivery.summary(), tally.sent.summary(), Latency.NONE, extra);
    }

    /** Enters {@code room} and waits for the room to reflect our own presence. */
    private static void join(XmppConnection connection, String room,
                             Map<String, CompletableFuture<XmlElement>> awaited) {
        String occupant = room + "/" + connection.account().user();
        CompletableFuture<XmlElement> joined = awaited.computeIfAbsent(occupant, k -> new CompletableFuture<>());
        connection.sendStanza(Stanzas.joinRoom(occupant), null);
        result(joined, "join " + occupant);
    }

    /** Completes what waits for this presence (by sender: room/nick) or iq result (by id). */
    private static void complete(Map<String, CompletableFuture<XmlElement>> awaited, XmlElement stanza) {
        String key = stanza.name().equals("iq") ? stanza.attribute("id") : stanza.attribute("from");
        CompletableFuture<XmlElement> waiting = key == null ? null : awaited.get(key);
        if (waiting != null) {
            if ("error".equals(stanza.attribute("type"))) {
                waiting.completeExceptionally(new IllegalStateException("refused: " + key));
            } else {
                waiting.complete(stanza);
            }
        }
    }

    private static void result(CompletableFuture<XmlElement> future, String what) {
        try {
            future.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}

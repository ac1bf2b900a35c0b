package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group fan-out: {@code groups} groups of {@code groupSize} members each (a sender, the group's admin, and
 * {@code groupSize - 1} recipients), every member connected, round-robin over the gateways. {@code messages} in all,
 * Poisson arrivals at {@code rate} messages per second spread round-robin over the groups. Throughput is counted in
 * deliveries: attempted = messages × recipients, offered rate = rate × recipients. Measures, from the scheduled time:
 * each member's {@code message} (sendToDeliver), the last member's (extras), the {@code sent} receipt, and the
 * group's {@code delivered all:true} receipt (sendToDeliveredReceipt).
 */
final class GroupFanOutWorkload {

    private GroupFanOutWorkload() {
    }

    static WorkloadResult run(Options options) throws InterruptedException {
        List<CourierClient> gateways = options.urls().stream().map(CourierClient::new).toList();
        CourierClient first = gateways.getFirst();
        int groups = options.groups();
        int recipients = options.groupSize() - 1;
        if (recipients < 1) {
            throw new IllegalArgumentException("--group-size must be at least 2");
        }
        int parallelism = options.parallelismFor(groups * options.groupSize());
        System.out.printf("group: registering %d users for %d group(s) of %d%n", groups * options.groupSize(), groups,
                options.groupSize());
        List<TokenResponse> senders = SimulatedUsers.create(first, "group-sender", groups, parallelism);
        List<TokenResponse> members = SimulatedUsers.create(first, "member", groups * recipients, parallelism);
        List<GroupView> views = Parallel.map(parallelism, groups, g -> first.createGroup(senders.get(g).accessToken(),
                "fan-out " + options.groupSize(), members.subList(g * recipients, (g + 1) * recipients).stream()
                        .map(TokenResponse::userId).toList()));
        List<List<String>> memberIds = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            memberIds.add(members.subList(g * recipients, (g + 1) * recipients).stream()
                    .map(TokenResponse::userId).toList());
        }

        DeliveryTally tally = new DeliveryTally();
        Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
        LatencyRecorder anyMember = new LatencyRecorder("send -> each member's message");
        LatencyRecorder lastMember = new LatencyRecorder("send -> last member's message");
        LatencyRecorder sent = new LatencyRecorder("send -> sent receipt");
        LatencyRecorder deliveredAll = new LatencyRecorder("send -> delivered (all) receipt");
        SenderReceipts receipts = new SenderReceipts(tally, sent, deliveredAll,
                receipt -> Boolean.TRUE.equals(receipt.all()));
        AtomicLong sendFailures = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();

        List<CourierConnection> memberSockets = Parallel.map(parallelism, members.size(), i -> {
            String member = members.get(i).userId();
            return SerialSender.receiver(gateways.get(i % gateways.size()), members.get(i).accessToken(), frame -> {
                if (frame.frame() instanceof MessageFrame m) {
                    Long due = tally.received(member, m);
                    if (due != null) {
                        anyMember.record(frame.receivedAtNanos() - due);
                        lastArrival.accumulateAndGet(frame.receivedAtNanos(), Math::max);
                        if (arrivals.computeIfAbsent(m.id(), id -> new AtomicInteger()).incrementAndGet()
                                == recipients) {
                            lastMember.record(frame.receivedAtNanos() - due);
                        }
                    }
                }
            }, sendFailures);
        });
        List<SerialSender> senderSockets = Parallel.map(parallelism, groups, g ->
                new SerialSender(gateways.get(g % gateways.size()).connect(senders.get(g).accessToken())
                        .onFrame(receipts), sendFailures));
        for (int i = 0; i < 5; i++) {
            for (int g = 0; g < groups; g++) {
                senderSockets.get(g).send(SerialSender.textToGroup(UUID.randomUUID().toString(),
                        views.get(g).groupId(), "warm-up"));
            }
        }
        Thread.sleep(5000);

        System.out.printf("group: %d messages at %.1f/s to %d group(s) of %d%n", options.messages(), options.rate(),
                groups, options.groupSize());
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(options.messages(), options.rate(), options.seed(), due -> {
            int g = next[0]++ % groups;
            String id = UUID.randomUUID().toString();
            tally.sent(id, due, senders.get(g).userId(), memberIds.get(g));
            senderSockets.get(g).send(SerialSender.textToGroup(id, views.get(g).groupId(), "fan-out"));
        });
        long sendEnd = System.nanoTime();
        long expected = (long) options.messages() * recipients;
        Drain.await(options, () -> tally.delivered() >= expected && receipts.delivered() >= options.messages(),
                anyMember, deliveredAll);
        double seconds = (Math.max(sendEnd, lastArrival.get()) - started) / 1e9;

        List<CourierConnection> all = new ArrayList<>(memberSockets);
        senderSockets.forEach(sender -> all.add(sender.connection()));
        Parallel.closeAll(all);

        Latency last = lastMember.summary();
        Map<String, Double> extra = new HashMap<>(tally.checkerExtras());
        extra.put("groups", (double) groups);
        extra.put("groupSize", (double) options.groupSize());
        extra.put("messageRate", options.rate());
        extra.put("messages", (double) options.messages());
        extra.put("messagesFullyDelivered", (double) last.count());
        extra.put("lastMemberP50Millis", last.p50Millis());
        extra.put("lastMemberP99Millis", last.p99Millis());
        extra.put("rateLimited", (double) receipts.rateLimited());
        extra.put("errors", (double) receipts.otherErrors());
        extra.put("sendFailures", (double) sendFailures.get());
        tally.findings(5).forEach(finding -> System.out.println("  checker: " + finding));
        return new WorkloadResult("courier", "group", options.rate() * recipients, expected, tally.delivered(),
                expected - tally.delivered(), tally.duplicates(), tally.orderViolations(), seconds,
                anyMember.summary(), sent.summary(), deliveredAll.summary(), extra);
    }
}

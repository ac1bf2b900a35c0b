package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.GroupView;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group fan-out: one sender and a group of {@code groupSize} members (sender included), every member connected
 * (alternating between the gateways). Measures send → the last member's {@code message}, per message.
 */
final class GroupFanOutWorkload {

    private GroupFanOutWorkload() {
    }

    static boolean run(Options options) throws InterruptedException {
        List<CourierClient> gateways = options.urls().stream().map(CourierClient::new).toList();
        CourierClient first = gateways.getFirst();
        TokenResponse sender = SimulatedUsers.one(first, "group-sender");
        List<TokenResponse> members = SimulatedUsers.create(first, "member", options.groupSize() - 1);
        GroupView group = first.createGroup(sender.accessToken(), "fan-out " + options.groupSize(),
                members.stream().map(TokenResponse::userId).toList());

        int recipients = members.size();
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
        LatencyRecorder lastMember = new LatencyRecorder("send -> last member's message");
        LatencyRecorder anyMember = new LatencyRecorder("send -> each member's message");
        List<CourierConnection> sockets = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            CourierClient gateway = gateways.get(i % gateways.size());
            sockets.add(gateway.connect(members.get(i).accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof MessageFrame m) {
                    Long start = scheduled.get(m.id());
                    if (start == null) {
                        return;
                    }
                    anyMember.record(frame.receivedAtNanos() - start);
                    if (arrivals.computeIfAbsent(m.id(), id -> new AtomicInteger()).incrementAndGet() == recipients) {
                        lastMember.record(frame.receivedAtNanos() - start);
                    }
                }
            }));
        }
        CourierConnection senderSocket = first.connect(sender.accessToken());
        for (int i = 0; i < 5; i++) {
            senderSocket.sendTextToGroup(group.groupId(), "warm-up");
        }
        Thread.sleep(5000);

        System.out.printf("group: %d messages at %d/s to a group of %d%n", options.messages(), options.rate(),
                options.groupSize());
        OpenLoop.run(options.messages(), options.rate(), due -> {
            String id = java.util.UUID.randomUUID().toString();
            scheduled.put(id, due);
            senderSocket.sendRaw("{\"type\":\"send\",\"id\":\"" + id + "\",\"to\":{\"group\":\"" + group.groupId()
                    + "\"},\"body\":{\"text\":\"fan-out\"}}");
        });
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (lastMember.count() < options.messages() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf("messages %d fully delivered %d (deliveries %d of %d)%n", options.messages(),
                lastMember.count(), anyMember.count(), (long) options.messages() * recipients);
        System.out.println(lastMember.line());
        System.out.println(anyMember.line());
        sockets.forEach(CourierConnection::close);
        senderSocket.close();
        return lastMember.count() == options.messages();
    }
}

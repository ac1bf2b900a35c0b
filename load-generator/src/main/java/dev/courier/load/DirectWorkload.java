package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-to-one: {@code pairs} sender/receiver pairs, senders on the first gateway and receivers on the last,
 * {@code messages} in all at {@code rate} per second. Measures send → message at the recipient and send → sent
 * receipt; receivers acknowledge each message (delivered).
 */
final class DirectWorkload {

    private DirectWorkload() {
    }

    static boolean run(Options options) throws InterruptedException {
        CourierClient senderGateway = new CourierClient(options.urls().getFirst());
        CourierClient receiverGateway = new CourierClient(options.urls().getLast());
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Map<String, Boolean> received = new ConcurrentHashMap<>();
        LatencyRecorder delivery = new LatencyRecorder("send -> message at recipient");
        LatencyRecorder sent = new LatencyRecorder("send -> sent receipt");

        List<TokenResponse> senders = SimulatedUsers.create(senderGateway, "sender", options.pairs());
        List<TokenResponse> receivers = SimulatedUsers.create(senderGateway, "receiver", options.pairs());
        List<CourierConnection> senderSockets = new ArrayList<>();
        List<CourierConnection> all = new ArrayList<>();
        for (int pair = 0; pair < options.pairs(); pair++) {
            CourierConnection senderSocket = senderGateway.connect(senders.get(pair).accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof ReceiptFrame r && r.status() == ReceiptStatus.SENT) {
                    Long start = scheduled.get(r.messageId());
                    if (start != null) {
                        sent.record(frame.receivedAtNanos() - start);
                    }
                }
            });
            CourierConnection receiverSocket = receiverGateway.connect(receivers.get(pair).accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof MessageFrame m && received.putIfAbsent(m.id(), true) == null) {
                    Long start = scheduled.get(m.id());
                    if (start != null) {
                        delivery.record(frame.receivedAtNanos() - start);
                    }
                }
            });
            senderSockets.add(senderSocket);
            all.add(senderSocket);
            all.add(receiverSocket);
        }

        warmUp(senderSockets, receivers);
        System.out.printf("direct: %d messages at %d/s over %d pairs%n", options.messages(), options.rate(), options.pairs());
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(options.messages(), options.rate(), due -> {
            int pair = next[0]++ % options.pairs();
            String id = UUID.randomUUID().toString();
            scheduled.put(id, due);
            senderSockets.get(pair).sendText(id, receivers.get(pair).userId(), "load");
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (delivery.count() < options.messages() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf("messages %d, received %d, not received %d, %.1f s%n", options.messages(), delivery.count(),
                options.messages() - delivery.count(), (System.nanoTime() - started) / 1e9);
        System.out.println(delivery.line());
        System.out.println(sent.line());
        all.forEach(CourierConnection::close);
        return delivery.count() == options.messages();
    }

    /** A few messages per pair first: connections, JIT and consumer assignments settle before measuring. */
    private static void warmUp(List<CourierConnection> senders, List<TokenResponse> receivers) throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            for (int pair = 0; pair < senders.size(); pair++) {
                senders.get(pair).sendText(receivers.get(pair).userId(), "warm-up");
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000);
    }
}

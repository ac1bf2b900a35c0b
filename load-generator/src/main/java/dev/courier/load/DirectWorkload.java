package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-to-one: {@code pairs} sender/receiver pairs, senders on the first gateway and receivers on the last,
 * {@code messages} in all, Poisson arrivals at {@code rate} per second, spread round-robin over the pairs. Receivers
 * acknowledge each message ({@code delivered}), as the client does by default. Measures, from each message's
 * scheduled time: the {@code sent} receipt at the sender, the message at the recipient, and the {@code delivered}
 * receipt back at the sender; counts lost, redelivered and out-of-order messages ({@link DeliveryTally}), and
 * {@code error rate_limited} answers (a sender over the gateway's per-connection limit).
 */
final class DirectWorkload {

    private DirectWorkload() {
    }

    static WorkloadResult run(Options options) throws InterruptedException {
        CourierClient senderGateway = new CourierClient(options.urls().getFirst());
        CourierClient receiverGateway = new CourierClient(options.urls().getLast());
        int pairs = options.pairs();
        int parallelism = options.parallelismFor(2 * pairs);
        DeliveryTally tally = new DeliveryTally();
        LatencyRecorder delivery = new LatencyRecorder("send -> message at recipient");
        LatencyRecorder sent = new LatencyRecorder("send -> sent receipt");
        LatencyRecorder deliveredReceipt = new LatencyRecorder("send -> delivered receipt");
        SenderReceipts receipts = new SenderReceipts(tally, sent, deliveredReceipt, receipt -> true);
        AtomicLong sendFailures = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();

        List<TokenResponse> senders = SimulatedUsers.create(senderGateway, "sender", pairs, parallelism);
        List<TokenResponse> receivers = SimulatedUsers.create(senderGateway, "receiver", pairs, parallelism);
        List<SerialSender> senderSockets = Parallel.map(parallelism, pairs, pair ->
                new SerialSender(senderGateway.connect(senders.get(pair).accessToken()).onFrame(receipts),
                        sendFailures));
        List<CourierConnection> receiverSockets = Parallel.map(parallelism, pairs, pair -> {
            String receiver = receivers.get(pair).userId();
            return SerialSender.receiver(receiverGateway, receivers.get(pair).accessToken(), frame -> {
                if (frame.frame() instanceof MessageFrame m) {
                    Long due = tally.received(receiver, m);
                    if (due != null) {
                        delivery.record(frame.receivedAtNanos() - due);
                        lastArrival.accumulateAndGet(frame.receivedAtNanos(), Math::max);
                    }
                }
            }, sendFailures);
        });

        warmUp(senderSockets, receivers);
        System.out.printf("direct: %d messages at %.1f/s over %d pairs%n", options.messages(), options.rate(), pairs);
        long measuredFrom = System.currentTimeMillis();
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(options.messages(), options.rate(), options.seed(), due -> {
            int pair = next[0]++ % pairs;
            String id = UUID.randomUUID().toString();
            String receiver = receivers.get(pair).userId();
            tally.sent(id, due, senders.get(pair).userId(), List.of(receiver));
            senderSockets.get(pair).send(SerialSender.textToUser(id, receiver, "load"));
        });
        long sendEnd = System.nanoTime();
        long expected = options.messages();
        Drain.await(options, () -> tally.delivered() >= expected && receipts.delivered() >= expected,
                delivery, deliveredReceipt);
        double seconds = (Math.max(sendEnd, lastArrival.get()) - started) / 1e9;
        long measuredTo = System.currentTimeMillis();

        List<CourierConnection> all = new ArrayList<>(receiverSockets);
        senderSockets.forEach(sender -> all.add(sender.connection()));
        Parallel.closeAll(all);

        Map<String, Double> extra = new HashMap<>(tally.checkerExtras());
        extra.put("pairs", (double) pairs);
        extra.put("rateLimited", (double) receipts.rateLimited());
        extra.put("errors", (double) receipts.otherErrors());
        extra.put("sendFailures", (double) sendFailures.get());
        extra.put("sendSeconds", (sendEnd - started) / 1e9);
        // The measured phase (sends and drain, not registration or warm-up), for CPU accounting by a benchmark.
        extra.put(WorkloadResult.MEASURED_FROM, (double) measuredFrom);
        extra.put(WorkloadResult.MEASURED_TO, (double) measuredTo);
        if (receipts.rateLimited() > 0) {
            System.out.printf("warning: %d sends answered rate_limited: use more --pairs (the gateway allows 100 "
                    + "frames a second per connection by default)%n", receipts.rateLimited());
        }
        tally.findings(5).forEach(finding -> System.out.println("  checker: " + finding));
        return new WorkloadResult("courier", "direct", options.rate(), expected, tally.delivered(),
                expected - tally.delivered(), tally.duplicates(), tally.orderViolations(), seconds,
                delivery.summary(), sent.summary(), deliveredReceipt.summary(), extra);
    }

    /** A few messages per pair first: connections, JIT and consumer assignments settle before measuring. */
    private static void warmUp(List<SerialSender> senders, List<TokenResponse> receivers) throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            for (int pair = 0; pair < senders.size(); pair++) {
                senders.get(pair).send(SerialSender.textToUser(UUID.randomUUID().toString(),
                        receivers.get(pair).userId(), "warm-up"));
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000);
    }
}

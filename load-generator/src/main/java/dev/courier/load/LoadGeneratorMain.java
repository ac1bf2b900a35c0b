package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One-to-one workload against a running stack: {@code --pairs} sender/receiver pairs (senders on the first gateway
 * URL, receivers on the last), {@code --messages} messages in all at {@code --rate} per second, open loop: each
 * latency is measured from the moment the send was <em>scheduled</em>, so a stalled server cannot hide its stall
 * (no coordinated omission). Prints send→receive and send→sent-receipt percentiles, and the count not received.
 *
 * <pre>java -jar load-generator/target/load-generator-*-exec.jar --url http://localhost:8080 --url http://localhost:8081</pre>
 */
public final class LoadGeneratorMain {

    private LoadGeneratorMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CourierClient senderGateway = new CourierClient(options.urls.getFirst());
        CourierClient receiverGateway = new CourierClient(options.urls.getLast());

        Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
        Histogram deliver = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        Histogram sent = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        Map<String, Boolean> delivered = new ConcurrentHashMap<>();

        List<CourierConnection> senders = new ArrayList<>();
        List<String> receiverIds = new ArrayList<>();
        List<CourierConnection> all = new ArrayList<>();
        for (int pair = 0; pair < options.pairs; pair++) {
            TokenResponse sender = registerAndLogin(senderGateway, "sender-" + pair);
            TokenResponse receiver = registerAndLogin(senderGateway, "receiver-" + pair);
            CourierConnection senderSocket = senderGateway.connect(sender.accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof ReceiptFrame r && r.status() == ReceiptStatus.SENT) {
                    Long start = scheduledAt.get(r.messageId());
                    if (start != null) {
                        synchronized (sent) {
                            sent.recordValue(Math.max(0, frame.receivedAtNanos() - start));
                        }
                    }
                }
            });
            CourierConnection receiverSocket = receiverGateway.connect(receiver.accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof MessageFrame m && delivered.putIfAbsent(m.id(), true) == null) {
                    Long start = scheduledAt.get(m.id());
                    if (start != null) {
                        synchronized (deliver) {
                            deliver.recordValue(Math.max(0, frame.receivedAtNanos() - start));
                        }
                    }
                }
            });
            senders.add(senderSocket);
            receiverIds.add(receiver.userId());
            all.add(senderSocket);
            all.add(receiverSocket);
        }

        System.out.printf("Warming up, then %d messages at %d/s over %d pairs%n", options.messages, options.rate, options.pairs);
        warmUp(senders, receiverIds);
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rate;
        long start = System.nanoTime();
        for (int i = 0; i < options.messages; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int pair = i % options.pairs;
            String id = java.util.UUID.randomUUID().toString();
            scheduledAt.put(id, due);
            senders.get(pair).sendText(id, receiverIds.get(pair), "load " + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (countDelivered(delivered, scheduledAt) < options.messages && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long received = countDelivered(delivered, scheduledAt);

        System.out.println();
        System.out.printf("messages %d, received %d, not received %d, offered %d/s, %.1f s%n",
                options.messages, received, options.messages - received, options.rate, seconds);
        print("send -> message at recipient", deliver);
        print("send -> sent receipt", sent);
        all.forEach(CourierConnection::close);
        System.exit(received == options.messages ? 0 : 1);
    }

    private static void warmUp(List<CourierConnection> senders, List<String> receivers) throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            for (int pair = 0; pair < senders.size(); pair++) {
                senders.get(pair).sendText(receivers.get(pair), "warm-up");
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000);
    }

    private static long countDelivered(Map<String, Boolean> delivered, Map<String, Long> measured) {
        return delivered.keySet().stream().filter(measured::containsKey).count();
    }

    private static void print(String what, Histogram histogram) {
        synchronized (histogram) {
            System.out.printf("%-30s p50 %6.1f ms   p99 %6.1f ms   p99.9 %6.1f ms   max %6.1f ms   (n=%d)%n", what,
                    ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(99)),
                    ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()), histogram.getTotalCount());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static TokenResponse registerAndLogin(CourierClient client, String name) {
        String phone = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);
        client.register(phone, "load-test-password", name);
        return client.login(phone, "load-test-password");
    }

    private record Options(List<URI> urls, int pairs, int messages, int rate) {

        static Options parse(String[] args) {
            List<URI> urls = new ArrayList<>();
            int pairs = 10;
            int messages = 1000;
            int rate = 100;
            for (int i = 0; i < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--url" -> urls.add(URI.create(value));
                    case "--pairs" -> pairs = Integer.parseInt(value);
                    case "--messages" -> messages = Integer.parseInt(value);
                    case "--rate" -> rate = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; use --url URL (repeatable) --pairs N --messages N --rate N");
                }
            }
            if (urls.isEmpty()) {
                urls.add(URI.create("http://localhost:8080"));
            }
            return new Options(urls, pairs, messages, rate);
        }
    }

}

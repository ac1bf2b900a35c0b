package dev.courier.load;

import dev.courier.client.CourierClient;
import dev.courier.client.CourierConnection;
import dev.courier.contracts.api.TokenResponse;
import dev.courier.contracts.frames.ExpiredFrame;
import dev.courier.contracts.frames.MessageFrame;
import dev.courier.contracts.frames.ReceiptFrame;
import dev.courier.contracts.frames.ReceiptStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Disappearing messages at volume: {@code pairs} chats with a {@code timer}-second disappearing timer; {@code
 * messages} are sent at {@code rate} per second, so they expire over as long as the sending took, or, with
 * {@code expire-window}, all within that window after the sending (the timers are set to the time left before each
 * chunk of sending); while they expire, a
 * second stream of ordinary messages ({@code background-rate} per second on other pairs) measures the message path.
 * Measures the expiry lag (the {@code expired} frame at the sender minus the message's {@code expiresAt}: the
 * deletion job's lag plus the push) and the deletion rate (messages reported expired per second of the expiry
 * window). Needs a stack whose message-service accepts timers in seconds
 * ({@code COURIER_PROPERTIES=message-service:courier.message.disappearing.allow-any-seconds=true}).
 */
final class DisappearingWorkload {

    private DisappearingWorkload() {
    }

    static WorkloadResult run(Options options) throws InterruptedException {
        CourierClient gateway = new CourierClient(options.urls().getFirst());
        CourierClient receiverGateway = new CourierClient(options.urls().getLast());
        int pairs = options.pairs();
        // Mutable: a run longer than an access token's lifetime refreshes the senders' tokens (setTimers).
        List<TokenResponse> senders = new ArrayList<>(SimulatedUsers.create(gateway, "vanishing-sender", pairs));
        List<TokenResponse> receivers = SimulatedUsers.create(gateway, "vanishing-receiver", pairs);

        Map<String, Long> expiresAt = new ConcurrentHashMap<>();
        Map<String, Boolean> expired = new ConcurrentHashMap<>();
        LatencyRecorder lag = new LatencyRecorder("expiresAt -> expired at sender");
        AtomicLong firstExpired = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastExpired = new AtomicLong();
        List<CourierConnection> senderSockets = new ArrayList<>();
        List<CourierConnection> all = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            CourierConnection sender = gateway.connect(senders.get(pair).accessToken()).onFrame(frame -> {
                if (frame.frame() instanceof ReceiptFrame receipt && receipt.status() == ReceiptStatus.SENT) {
                    return;
                }
                if (frame.frame() instanceof ExpiredFrame gone) {
                    long now = System.currentTimeMillis();
                    for (String id : gone.messageIds()) {
                        Long due = expiresAt.get(id);
                        if (due != null && expired.putIfAbsent(id, true) == null) {
                            lag.record((now - due) * 1_000_000L);
                            firstExpired.accumulateAndGet(now, Math::min);
                            lastExpired.accumulateAndGet(now, Math::max);
                        }
                    }
                }
            });
            CourierConnection receiver = receiverGateway.connect(receivers.get(pair).accessToken())
                    .autoAckDelivered(true)
                    .onFrame(frame -> {
                        if (frame.frame() instanceof MessageFrame message && message.expiresAt() != null) {
                            expiresAt.putIfAbsent(message.id(), message.expiresAt());
                        }
                    });
            senderSockets.add(sender);
            all.add(sender);
            all.add(receiver);
        }
        // A first message makes each conversation exist; the timers follow (seconds: the stack's test setting).
        for (int pair = 0; pair < pairs; pair++) {
            senderSockets.get(pair).sendText(receivers.get(pair).userId(), "hello");
        }
        Thread.sleep(3000);

        System.out.printf("disappearing: %d messages at %.1f/s over %d pairs, timer %d s%s, then %d/s ordinary while "
                        + "they expire%n", options.messages(), options.rate(), pairs, options.timer(),
                options.expireWindow() > 0 ? ", all expiring within " + options.expireWindow() + " s" : "",
                options.backgroundRate());
        long sendStart = System.currentTimeMillis();
        long sendSeconds = (long) Math.ceil(options.messages() / options.rate());
        // With a window, every message is to expire from this moment on, however long the sending takes: before each
        // chunk of sending (half a window long), the timers are set to the time left until then, so a chunk's
        // messages expire within the chunk's length of it (the "100,000 expiring in the same minute" of issue #6).
        long expiryStart = sendStart + (options.expireWindow() > 0 ? sendSeconds * 1000L : 0) + options.timer() * 1000L;
        int chunk = options.expireWindow() > 0
                ? (int) Math.max(1, Math.ceil(options.rate() * Math.max(1, options.expireWindow() / 2)))
                : options.messages();
        int[] next = {0};
        for (int sent = 0; sent < options.messages(); sent += chunk) {
            long secondsLeft = Math.max(1, (expiryStart - System.currentTimeMillis() + 999) / 1000);
            setTimers(gateway, senders, receivers, options.expireWindow() > 0 ? secondsLeft : options.timer());
            OpenLoop.run(Math.min(chunk, options.messages() - sent), options.rate(), options.seed() + sent, due -> {
                int pair = next[0]++ % pairs;
                senderSockets.get(pair).sendText(UUID.randomUUID().toString(), receivers.get(pair).userId(),
                        "vanishing");
            });
        }
        long sendEnd = System.currentTimeMillis();
        System.out.printf("sent in %.1f s; the first expire at about +%d s%n", (sendEnd - sendStart) / 1e3,
                (expiryStart - sendStart) / 1000);

        // The message path while the deletions run: ordinary direct messages from the start of the expiry window.
        long wait = expiryStart - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        int windowSeconds = options.expireWindow() > 0 ? options.expireWindow() + 10
                : Math.max(10, (int) ((sendEnd - sendStart) / 1000) + 10);
        Options background = options.background(10, options.backgroundRate() * windowSeconds,
                options.backgroundRate());
        WorkloadResult backgroundResult = DirectWorkload.run(background);
        System.out.print(backgroundResult.summary());

        long deadline = System.currentTimeMillis() + 120_000;
        while (expired.size() < expiresAt.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        double window = Math.max(1, lastExpired.get() - firstExpired.get()) / 1e3;
        System.out.printf("delivered with expiresAt %d, expired frames for %d, missing %d%n", expiresAt.size(),
                expired.size(), expiresAt.size() - expired.size());
        System.out.println(lag.line());
        System.out.printf("deletion rate: %.0f messages/s (%d over %.1f s)%n", expired.size() / window,
                expired.size(), window);
        Parallel.closeAll(all);
        Latency lagLatency = lag.summary();
        java.util.Map<String, Double> extra = new java.util.HashMap<>();
        extra.put("deliveredWithExpiry", (double) expiresAt.size());
        extra.put("expiredReported", (double) expired.size());
        extra.put("deletionsPerSecond", expired.size() / window);
        extra.put("expiryLagP50Millis", lagLatency.p50Millis());
        extra.put("expiryLagP99Millis", lagLatency.p99Millis());
        extra.put("backgroundLost", (double) backgroundResult.lost());
        extra.put("backgroundP99Millis", backgroundResult.sendToDeliver().p99Millis());
        long lost = options.messages() - expired.size() + backgroundResult.lost();
        return new WorkloadResult("courier", "disappearing", options.rate(), options.messages(), expired.size(),
                Math.max(0, lost), 0, 0, (sendEnd - sendStart) / 1e3, backgroundResult.sendToDeliver(),
                backgroundResult.sendToSent(), backgroundResult.sendToDeliveredReceipt(), extra);
    }

    /** Sets every pair's disappearing timer; refuses to go on when the stack does not accept timers in seconds. */
    private static void setTimers(CourierClient gateway, List<TokenResponse> senders, List<TokenResponse> receivers,
                                  long seconds) {
        for (int pair = 0; pair < senders.size(); pair++) {
            String conversation = dev.courier.contracts.events.ConversationIds.direct(senders.get(pair).userId(),
                    receivers.get(pair).userId());
            int status = gateway.setDisappearing(senders.get(pair).accessToken(), conversation, (int) seconds)
                    .status();
            if (status == 401) {
                // The access token ran out during a long run (15 minutes by default): refresh it, as an app would.
                senders.set(pair, gateway.refresh(senders.get(pair).refreshToken()));
                status = gateway.setDisappearing(senders.get(pair).accessToken(), conversation, (int) seconds)
                        .status();
            }
            // 404 until the conversation's first message is stored: a stack just started may take a while.
            for (int retry = 0; status == 404 && retry < 60; retry++) {
                sleep(500);
                status = gateway.setDisappearing(senders.get(pair).accessToken(), conversation, (int) seconds)
                        .status();
            }
            if (status != 204) {
                throw new IllegalStateException("Setting the timer answered " + status + ": start the stack with "
                        + "COURIER_PROPERTIES=message-service:courier.message.disappearing.allow-any-seconds=true");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

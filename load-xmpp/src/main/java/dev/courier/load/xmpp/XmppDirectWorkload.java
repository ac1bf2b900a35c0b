package dev.courier.load.xmpp;

import dev.courier.load.OpenLoop;

import dev.courier.load.WorkloadResult;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One-to-one, as Courier's direct workload: {@code pairs} sender/receiver pairs, {@code messages} Poisson arrivals
 * at {@code rate} per second spread round-robin over the pairs, each a chat message asking for a XEP-0184 receipt
 * and followed by a XEP-0198 ack request. From each message's scheduled time it measures the ack covering it at the
 * sender ("sent"), the message at the recipient, and the recipient's receipt back at the sender ("delivered").
 */
final class XmppDirectWorkload {

    private static final long MIN_DRAIN_NANOS = 10_000_000_000L;

    private XmppDirectWorkload() {
    }

    static WorkloadResult run(XmppOptions options) throws InterruptedException {
        int pairs = options.pairs();
        int messages = options.messages();
        String run = "m" + UUID.randomUUID().toString().substring(0, 8);
        Tally tally = new Tally(run, pairs, 1, messages);
        HttpClient http = Sessions.httpClient();
        int parallelism = options.parallelismFor(2 * pairs);

        List<XmppConnection> receivers = Sessions.openAll(pairs, parallelism, pair ->
                XmppConnection.open(http, options.url(), options.account(2 * pair + 1, run), (stanza, at) -> {
                    if (stanza.name().equals("message") && stanza.child("body") != null) {
                        tally.received(pair, stanza.attribute("id"), at);
                    }
                }, null));
        List<XmppConnection> senders = Sessions.openAll(pairs, parallelism, pair ->
                XmppConnection.open(http, options.url(), options.account(2 * pair, run), (stanza, at) -> {
                    XmlElement receipt = stanza.child("received", Stanzas.RECEIPTS);
                    if (stanza.name().equals("message") && receipt != null) {
                        tally.receipt(receipt.attribute("id"), at);
                    }
                }, (tag, at) -> tally.acked((Integer) tag, at)));

        warmUp(senders, receivers);
        System.out.printf("ejabberd direct: %d messages at %.1f/s over %d pairs (%s)%n", messages, options.rate(),
                pairs, options.url());
        PeerCpu cpu = PeerCpu.start(options.ejabberdPid());
        long measuredFrom = System.currentTimeMillis();
        long started = System.nanoTime();
        int[] next = {0};
        OpenLoop.run(messages, options.rate(), options.seed(), due -> {
            int index = next[0]++;
            int pair = tally.streamOf(index);
            tally.sending(index, due);
            XmppConnection sender = senders.get(pair);
            sender.sendStanza(Stanzas.message(tally.id(index), receivers.get(pair).account().bareJid(),
                    "load " + index), index);
            sender.requestAck();
        });
        long sendEnd = System.nanoTime();
        long drainLimit = options.drainSeconds() != null ? (long) (options.drainSeconds() * 1e9)
                : Math.max(MIN_DRAIN_NANOS, 2 * Math.max(tally.delivery.p99Nanos(), tally.deliveredReceipt.p99Nanos()));
        while (!(tally.delivered() >= messages && tally.receipts() >= messages && tally.acks() >= messages)
                && System.nanoTime() - sendEnd < drainLimit) {
            Thread.sleep(50);
        }
        double seconds = (Math.max(sendEnd, tally.lastArrivalNanos()) - started) / 1e9;
        Map<String, Double> extra = new HashMap<>(cpu == null ? Map.of() : cpu.extras(tally.delivered()));
        extra.put(WorkloadResult.MEASURED_FROM, (double) measuredFrom);
        extra.put(WorkloadResult.MEASURED_TO, (double) System.currentTimeMillis());

        List<XmppConnection> all = new ArrayList<>(senders);
        all.addAll(receivers);
        long sendFailures = all.stream().mapToLong(XmppConnection::sendFailures).sum();
        Sessions.closeAll(all);

        extra.put("pairs", (double) pairs);
        extra.put("sendSeconds", (sendEnd - started) / 1e9);
        extra.put("acks", (double) tally.acks());
        extra.put("receipts", (double) tally.receipts());
        extra.put("wrongRecipient", (double) tally.wrongRecipient());
        extra.put("sendFailures", (double) sendFailures);
        return new WorkloadResult("ejabberd", "direct", options.rate(), messages, tally.delivered(),
                messages - tally.delivered(), tally.duplicates(), tally.orderViolations(), seconds,
                tally.delivery.summary(), tally.sent.summary(), tally.deliveredReceipt.summary(), extra);
    }

    /** A few messages per pair first (ids outside the run): sessions, archive tables and caches settle. */
    private static void warmUp(List<XmppConnection> senders, List<XmppConnection> receivers)
            throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            for (int pair = 0; pair < senders.size(); pair++) {
                senders.get(pair).sendStanza(Stanzas.message("warm-" + round + "-" + pair,
                        receivers.get(pair).account().bareJid(), "warm-up"), null);
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000);
    }
}
